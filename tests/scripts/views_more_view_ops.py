import torch
x = torch.arange(12.).reshape(2, 6).requires_grad_()
y = x * 1
a = y.select(1, 2)
b = torch.select(y, 0, -1)
c = y.view_as(torch.zeros(3, 4))
d = y.unflatten(1, (2, 3))
e = torch.movedim(d, 0, 2)
f = d.moveaxis((0, 1), (2, 0))
for t in (a, b, c, d, e, f):
    print(t.shape, t.grad_fn, t._is_view(), t._base is y)
e.mul_(2)
print(y)
print(a, f.grad_fn)
(y * y).sum().backward()
print(x.grad)
print(torch.unflatten(x, -1, (-1, 3)).shape, x.movedim(-1, 0).shape)
x.select(0, 5)
