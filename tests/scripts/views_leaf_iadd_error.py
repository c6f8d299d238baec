import torch
x = torch.ones(4, requires_grad=True)
v = x[1:3]
v += 1
