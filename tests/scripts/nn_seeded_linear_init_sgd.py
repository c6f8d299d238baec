# nn.Linear drawn from the seeded generator as PyTorch draws it, trained with SGD + momentum
# (the loss printed in full: the 5x3 by 3x4 products add in the order of MKL's small sgemm kernels)
import torch
import torch.nn as nn
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 1))
print(model)
x = torch.randn(5, 3)
y = torch.randn(5, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
loss_fn = nn.MSELoss()
for step in range(20):
    opt.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    opt.step()
    if step % 5 == 0:
        print(f"step {step}: loss {loss.item()}")
print(model[0].weight)
