import torch
x = torch.arange(6.).requires_grad_()
y = x * 2
v = y[0:2]
with torch.no_grad():
    v.mul_(2)
print(v, y, y._version, v._version)
print(v.grad_fn, v.grad_fn.next_functions)
x2 = torch.ones(3, requires_grad=True)
u = x2[0:2]
with torch.no_grad():
    x2.mul_(2)
print(u, u.grad_fn.next_functions)
u.sum().backward()
print(x2.grad)
w = x2[1:3]
with torch.no_grad():
    w.mul_(2)
print(w, x2)
