import torch
import torch.nn as nn

x = torch.tensor([[-2.0, -0.5, 0.0, 1.5]], requires_grad=True)
for act in [nn.ReLU(), nn.Tanh(), nn.Sigmoid(), nn.Identity()]:
    y = act(x)
    print(act, y)
flat = nn.Flatten()
print(flat(torch.ones(2, 3, 4)).shape)
print(nn.Flatten(0)(torch.ones(2, 3, 4)).shape)
seq = nn.Sequential(nn.Tanh(), nn.Sigmoid())
z = seq(x).sum()
z.backward()
print(z)
print(x.grad)
