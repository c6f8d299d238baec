import torch
import torch.nn as nn

m = nn.ReflectionPad1d(3)
m(torch.zeros(1, 3))
