import torch
import torch.nn as nn

y, i = nn.MaxPool3d(2, return_indices=True)(torch.randn(1, 1, 4, 4, 4))
nn.MaxUnpool3d(2)(y, i, output_size=(4, 6, 4))
