import torch
x = torch.arange(4.).requires_grad_()
y = x * 2
p, q = y.split([1, 3])
q.mul_(2)
