import torch
import torch.nn as nn

cell = nn.GRUCell(3, 4)
h = cell(torch.ones(2, 3))
print(h.shape)
cell(torch.ones(2, 3), torch.zeros(2, 5))
