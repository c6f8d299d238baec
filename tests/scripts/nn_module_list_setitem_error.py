# ModuleList item assignment takes modules only
import torch
from torch import nn
ml = nn.ModuleList([nn.ReLU(), nn.Tanh()])
ml[-1] = nn.Sigmoid()
print(ml)
ml[0] = 3
