import torch
x = torch.arange(6.).requires_grad_()
y = x * 2
v = y[0:2]
v.mul_(v)
print(y)
y.sum().backward()
