import torch
# diagonal over one dim twice: PyTorch's error
a = torch.ones(2, 3, 4)
a.diagonal(0, 1, 1)
