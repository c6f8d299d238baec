# LayerNorm over a last dim that does not match: PyTorch's message
import torch
import torch.nn as nn
ln = nn.LayerNorm(4)
print(ln(torch.ones(2, 4)).shape)
ln(torch.ones(2, 3))
