import torch
x = torch.arange(4.).requires_grad_()
y = x * 2
p, q = y.split(2)
with torch.no_grad():
    q.add_(1)
print(q)
print(y, y._version)
print(p.grad_fn)
