import torch
x = torch.arange(4.).requires_grad_()
y = x * 2
p, q = y.split(2)
y.add_(1)
print(y)
print(p.requires_grad)
print(p * 1)
