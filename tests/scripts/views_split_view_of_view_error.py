import torch
x = torch.arange(4.).requires_grad_()
y = x * 2
p, q = y.split(2)
r = q[0:1]
print(r._base is y)
r.add_(1)
