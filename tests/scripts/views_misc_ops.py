import torch
x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
y = x * 1
v = y[0]
y.add_(1)
print(v.is_leaf, v.requires_grad, v.grad_fn)
b = torch.zeros(3)
u = b[1:]
u.requires_grad_()
print(u.requires_grad, u.is_leaf, u._is_view())
(u * 2).sum().backward()
print(u.grad)
n = torch.arange(6).view(2, 3)
r = n[1]
r += 1
print(n, r._version, n._version)
r[0] = 0.7
print(n)
f = torch.ones(2, 3, dtype=torch.float64)
f.t()[0] = torch.tensor([5., 6.])
print(f)
w = y.view(4)
w.detach_()
