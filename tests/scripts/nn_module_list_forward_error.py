# a ModuleList has no forward
import torch
from torch import nn
ml = nn.ModuleList([nn.ReLU()])
ml(torch.ones(2))
