import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
x = torch.randn(2, 4, 3)
print(F.dropout2d(x)[:, :, 0])
print(F.dropout2d(torch.ones(2, 3), 0.5))
