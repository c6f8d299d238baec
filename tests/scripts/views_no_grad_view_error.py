import torch
x = torch.arange(4.).requires_grad_()
y = x * 2
with torch.no_grad():
    v = y[0:2]
print(v, v.requires_grad, v.is_leaf, v.grad_fn)
w = v.view(2)
print(w)
v.mul_(2)
