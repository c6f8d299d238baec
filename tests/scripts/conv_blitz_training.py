import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
conv1 = nn.Conv2d(1, 6, 5)
conv2 = nn.Conv2d(6, 16, 5)
fc = nn.Sequential(nn.Linear(16 * 5 * 5, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
params = list(conv1.parameters()) + list(conv2.parameters()) + list(fc.parameters())
print(len(params), params[0].size())
def net(x):
    x = F.max_pool2d(F.relu(conv1(x)), (2, 2))
    x = F.max_pool2d(F.relu(conv2(x)), 2)
    return fc(torch.flatten(x, 1))
input = torch.randn(1, 1, 32, 32)
out = net(input)
print(out)
for p in params:
    p.grad = None
out.backward(torch.randn(1, 10))
output = net(input)
target = torch.randn(10).view(1, -1)
criterion = nn.MSELoss()
loss = criterion(output, target)
print(loss)
print(loss.grad_fn)
print(loss.grad_fn.next_functions[0][0])
for p in params:
    p.grad = None
print('conv1.bias.grad before backward')
print(conv1.bias.grad)
loss.backward()
print('conv1.bias.grad after backward')
print(conv1.bias.grad)
optimizer = torch.optim.SGD(params, lr=0.01)
for step in range(5):
    optimizer.zero_grad()
    output = net(input)
    loss = criterion(output, target)
    loss.backward()
    optimizer.step()
    print(step, loss.item())
print(conv2.weight.grad[3, 2])
