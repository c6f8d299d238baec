# The "Learning PyTorch with Examples" nn fit, its losses printed in full: a
# Linear(3, 1)'s forward (3 terms per output) and weight gradient (x.t() @ g,
# 2000 terms read a column at a time) add in MKL's order, the summed squared
# error in PyTorch's cascade
import torch
import math
torch.manual_seed(0)
x = torch.linspace(-math.pi, math.pi, 2000)
y = 0.8 * x - 0.1 * x ** 3 + 0.05
xx = torch.stack([x, x ** 2, x ** 3], 1)
model = torch.nn.Sequential(torch.nn.Linear(3, 1), torch.nn.Flatten(0, 1))
loss_fn = torch.nn.MSELoss(reduction='sum')
learning_rate = 1e-6
for t in range(300):
    y_pred = model(xx)
    loss = loss_fn(y_pred, y)
    if t % 50 == 49:
        print(t, loss.item())
    model.zero_grad()
    loss.backward()
    with torch.no_grad():
        for param in model.parameters():
            param -= learning_rate * param.grad
linear_layer = model[0]
print(f'Result: y = {linear_layer.bias.item()} + {linear_layer.weight[:, 0].item()} x + {linear_layer.weight[:, 1].item()} x^2 + {linear_layer.weight[:, 2].item()} x^3')
