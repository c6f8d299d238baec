# ModuleList indexing past the end: PyTorch's IndexError
import torch
from torch import nn
ml = nn.ModuleList([nn.Linear(2, 2), nn.ReLU()])
print(ml[-2])
ml[2]
