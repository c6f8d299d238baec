import torch
import torch.nn as nn

m = nn.CircularPad2d(1)
print(m(torch.zeros(1, 2, 2)).shape)
m(torch.zeros(3, 3))
