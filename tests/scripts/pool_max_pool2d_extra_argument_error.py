import torch
import torch.nn.functional as F

x = torch.ones(1, 2, 4, 4)
print(F.max_pool2d(x, 2, return_indices=True)[1].shape)
F.max_pool2d(x, 2, 1, 0, 1, False, False, 3)
