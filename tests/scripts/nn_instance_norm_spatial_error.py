import torch
import torch.nn as nn

m = nn.InstanceNorm1d(3)
print(m(torch.randn(2, 3, 2)).shape)
m(torch.randn(2, 3, 1))
