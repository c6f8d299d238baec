import torch
import torch.nn as nn

print(nn.GroupNorm(3, 6))
nn.GroupNorm(4, 6)
