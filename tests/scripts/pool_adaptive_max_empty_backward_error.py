import torch
import torch.nn.functional as F

x = torch.ones(2, 5, 6, requires_grad=True)
b = F.adaptive_max_pool1d(x, 0)
print(b.shape)
b.sum().backward()
