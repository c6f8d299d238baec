import torch
x = torch.ones(4, requires_grad=True)
x[1] += 1
