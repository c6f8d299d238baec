import torch
from torch import nn

relu = nn.ReLU()
y = relu(torch.ones(2), torch.ones(2))
