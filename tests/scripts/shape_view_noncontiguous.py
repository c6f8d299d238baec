import torch

# view and reshape of tensors that are not contiguous: a view where PyTorch's
# strides allow one (ViewBackward0, ReshapeAliasBackward0), else a copy or an error
x = torch.arange(6.).reshape(2, 3).requires_grad_()
t = x.t()
v = t.view(3, 1, 2)
print(v, v.grad_fn, v.is_contiguous())
r = t.reshape(3, 2)
print(r, r.grad_fn, r._is_view())
c = t.reshape(6)
print(c, c.grad_fn, c._is_view())
f = t.unsqueeze(0).flatten(0, 1)
print(f.grad_fn)
s = x[:, ::2].view(2, 1, 2)
print(s, s.grad_fn)
e = x[0].expand(4, 3).view(2, 2, 3)
print(e.shape, e.grad_fn)
(v.sum() * 2 + (r * r).sum() + s.sum() + e.sum()).backward()
print(x.grad)

# the view shares its data: a write through it shows in the base
with torch.no_grad():
    b = torch.zeros(2, 3)
    w = b.t().view(3, 1, 2)
    w[2, 0, 1] = 7.
    print(b)
x.expand(4, 2, 3).view(8, 3)
