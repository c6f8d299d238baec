import torch
from torch import nn

layer = nn.Linear(2, 4)
x = torch.ones(1, 3)
y = layer(x)
