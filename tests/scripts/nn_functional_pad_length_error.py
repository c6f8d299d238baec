# F.pad takes pairs
import torch
import torch.nn.functional as F
x = torch.ones(2, 3)
print(F.pad(x, (1, 1)).shape)
F.pad(x, (1, 1, 1))
