import torch
from torch import nn, optim

w = nn.Parameter(torch.ones(2))
opt = optim.SGD([w], lr=0.1, nesterov=True)
