import torch
import torch.nn as nn

x = torch.ones(1, 2, 4, 4, 4)
print(nn.LPPool2d(2, 2, ceil_mode=True)(x[0]).shape)
nn.AvgPool3d(2, ceil_mode=3)(x)
