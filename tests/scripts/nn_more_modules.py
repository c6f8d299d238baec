import torch
from torch import nn
x = torch.tensor([[-1.5, 0.0, 2.0]], requires_grad=True)
for m in [nn.ELU(), nn.ELU(0.5), nn.SiLU(), nn.Softplus(), nn.Softplus(beta=2.0, threshold=10.0), nn.LeakyReLU(0.2), nn.GELU(approximate='tanh'), nn.Softmax(dim=-1), nn.LogSoftmax(dim=1), nn.ReLU(inplace=False), nn.Dropout(0.0), nn.Flatten(0)]:
    print(m, m(x))
print(nn.SmoothL1Loss(), nn.SmoothL1Loss(beta=0.5)(x, torch.zeros(1, 3)))
print(nn.ELU(alpha=2.0, inplace=True), nn.SiLU(inplace=True))
print(nn.CrossEntropyLoss(weight=torch.tensor([1.0, 2.0, 3.0]))(x, torch.tensor([1])))
print(nn.NLLLoss(ignore_index=0)(x, torch.tensor([1])))
print(nn.MSELoss(reduction='none')(x, torch.ones(1, 3)))
print(nn.L1Loss(reduction='sum')(x, torch.ones(1, 3)))
