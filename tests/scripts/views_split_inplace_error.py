import torch
x = torch.arange(4.).requires_grad_()
y = x * 2
p, q = y.chunk(2)
p.mul_(2)
