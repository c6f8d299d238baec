import torch
x = torch.arange(4.).requires_grad_()
with torch.no_grad():
    v = x[0:2]
    x.mul_(2)
print(x)
print(v)
print(v.grad_fn)
