# BatchNorm2d wants 4-D input
import torch
import torch.nn as nn
bn = nn.BatchNorm2d(3)
print(bn(torch.randn(2, 3, 2, 2)).shape)
bn(torch.randn(2, 3, 4))
