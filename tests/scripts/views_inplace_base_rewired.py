import torch
x = torch.arange(6.).requires_grad_()
y = x * 2
v = y[0:2]
print(v.grad_fn, v._version, y._version)
v.mul_(3)
print(v.grad_fn, v.grad_fn.next_functions)
print(y.grad_fn, y.grad_fn.next_functions)
print(v._version, y._version, x._version)
print(y)
print(v)
y.sum().backward()
print(x.grad)
