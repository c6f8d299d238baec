import torch
import torch.nn.functional as F

x = torch.randn(1, 2, 5, 5)
F.interpolate(x, scale_factor=2, mode="nearest-exact", align_corners=True)
