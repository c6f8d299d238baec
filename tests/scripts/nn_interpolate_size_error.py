import torch
import torch.nn.functional as F

x = torch.randn(1, 2, 3, 4)
print(F.interpolate(x, size=(4, 5)).shape)
F.interpolate(x, size=(2, 3, 4))
