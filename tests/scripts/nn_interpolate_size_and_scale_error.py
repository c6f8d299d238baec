import torch
import torch.nn as nn

up = nn.Upsample(size=3, scale_factor=2, mode="bilinear")
print(up)
up(torch.randn(1, 1, 2, 2))
