import torch
import torch.nn.functional as F

x = torch.randn(1, 2, 5)
print(F.interpolate(x, size=4, mode="linear").shape)
F.interpolate(x, size=4, mode="bilinear")
