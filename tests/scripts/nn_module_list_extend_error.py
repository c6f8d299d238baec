# ModuleList takes an iterable of modules, not a module
import torch
from torch import nn
print(len(nn.ModuleList([])))
nn.ModuleList(nn.Linear(1, 1))
