import torch
from torch import nn
torch.manual_seed(0)
lin = nn.Linear(3, 4)
print(lin.weight, lin.bias)
model = nn.Sequential(nn.Linear(5, 16), nn.ReLU(), nn.Linear(16, 2, bias=False), nn.Linear(2, 1, dtype=torch.float64))
for p in model.parameters():
    print(p)
drop = nn.Dropout(0.4)
x = torch.ones(3, 6)
print(drop(x))
drop.eval()
print(drop(x))
print(torch.randn(2))
