import torch
import torch.nn as nn

m = nn.Dropout1d(0.2)
print(m)
m(torch.ones(2, 3, 4, 5))
