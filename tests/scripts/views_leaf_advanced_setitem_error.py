import torch
x = torch.ones(4, requires_grad=True)
x[[0, 1]] = 2.
