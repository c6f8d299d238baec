# ModuleDict keys are strings
import torch
from torch import nn
md = nn.ModuleDict()
md[1] = nn.ReLU()
