import torch
x = torch.arange(4.).requires_grad_()
with torch.no_grad():
    v = x[0:2]
z = v * v
print(z, z.grad_fn.next_functions)
z.sum().backward()
print(v.grad, x.grad)
