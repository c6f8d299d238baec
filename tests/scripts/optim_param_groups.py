import torch
from torch import nn, optim

model = nn.Sequential(nn.Linear(2, 2), nn.Tanh(), nn.Linear(2, 1))
with torch.no_grad():
    for i, p in enumerate(model.parameters()):
        p.copy_(torch.linspace(-0.5, 0.5, p.numel()).reshape(p.shape) * (i + 1))
opt = optim.SGD([
    {"params": model[0].parameters()},
    {"params": model[2].parameters(), "lr": 0.01, "momentum": 0.5},
], lr=0.1)
print(opt)
print(len(opt.param_groups), [g["lr"] for g in opt.param_groups])
x = torch.tensor([[1.0, -1.0], [0.5, 2.0], [-1.5, 0.0]])
y = torch.tensor([[1.0], [0.0], [-1.0]])
loss_fn = nn.MSELoss()
for step in range(20):
    if step == 10:
        for group in opt.param_groups:
            group["lr"] *= 0.5
    opt.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    opt.step()
    print(f"{step:2d} {loss.item():.6f}")
print(opt.param_groups[1]["lr"], opt.defaults["lr"])
for name, p in model.named_parameters():
    print(name, p)
