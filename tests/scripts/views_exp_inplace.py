import torch
x = torch.arange(6.).requires_grad_()
y = x * 2
v = y[0:2]
v.exp_()
print(v.grad_fn, y.grad_fn.next_functions, y)
y.sum().backward()
print(x.grad)
x.grad = None
y = x * 2
y.mul_(y.detach())
y.sum().backward()
print(x.grad)
z = x.exp()
z.exp_()
print(z)
z.sum().backward()
