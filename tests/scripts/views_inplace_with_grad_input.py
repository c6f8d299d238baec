import torch
x = torch.arange(6.).requires_grad_()
a = torch.tensor(2., requires_grad=True)
y = x * 2
v = y[2:4]
v.mul_(a)
print(v.grad_fn, y.grad_fn, y, y.grad_fn.next_functions)
(y * y).sum().backward()
print(x.grad, a.grad)
b = torch.zeros(4)
c = torch.tensor([1., 2.], requires_grad=True)
v1 = b[0:2]
v2 = b[2:4]
print(v2.requires_grad, v2.grad_fn)
v1.add_(c)
print(b, v1, v2, b.grad_fn, b.grad_fn.next_functions, b.requires_grad, b.is_leaf)
print(v2.requires_grad, v2.grad_fn, v2.is_leaf)
(b * b).sum().backward()
print(c.grad)
