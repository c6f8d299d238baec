import torch
import torch.nn.functional as F

y, i = F.max_pool2d(torch.arange(16.).reshape(1, 1, 4, 4), 2, return_indices=True)
print(F.max_unpool2d(y, i, 2))
F.max_unpool2d(y, i * 2, 2)
