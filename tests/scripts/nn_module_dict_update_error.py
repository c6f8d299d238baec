# ModuleDict from pairs: each must have two items
import torch
from torch import nn
print(nn.ModuleDict([["a", nn.ReLU()]]))
nn.ModuleDict([["b", nn.ReLU(), 3]])
