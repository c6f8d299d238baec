import torch
x = torch.arange(6.).requires_grad_()
y = x * 2
v = y.view(2, 3)
w = v[1]
z = w[0:2]
z.add_(10)
print(z.grad_fn, w.grad_fn, v.grad_fn, y.grad_fn)
print(z._base is y, w._base is y, y._version, z._version)
print(y)
y.sum().backward()
print(x.grad)
x = torch.arange(12.).requires_grad_()
y = x.exp()
e = y.view(3, 4).t()[1:3, 0:2]
e.mul_(e.detach())
print(y.grad_fn.next_functions)
y.sum().backward()
print(x.grad)
