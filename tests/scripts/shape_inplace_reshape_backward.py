import torch

# nodes recorded before an in-place reshape run on the tensor as it was
x = torch.tensor([[1., 2., 3.], [4., 5., 6.]], requires_grad=True)
c = torch.tensor([1., 2., 3.])
y = x * 2
a = (y + torch.ones(1, 3)).sum()
b = y.expand(4, 2, 3).sum()
y.unsqueeze_(0)
e = (y * c).sum()
y.squeeze_()
y.transpose_(0, 1)
f = y.sum(0)
y.t_()
g = y[1].sum()
print(y.shape, y.grad_fn)
(a + b + e + f.sum() + g).backward()
print(x.grad)

# a retained gradient keeps its node's shape; under create_graph it is a clone
x.grad = None
y = x * x
y.retain_grad()
s = (y.sum(0) ** 2).sum()
y.t_()
(gx,) = torch.autograd.grad(s, x, create_graph=True)
print(gx, y.grad)
gx.sum().backward(retain_graph=True)
print(x.grad)
(y * 1).sum().backward()
print(y.grad)

z = x * x
z.retain_grad()
w = z.t()
w.retain_grad()
torch.autograd.grad((w.t() * z).sum(), x, create_graph=True)
print(z.grad, w.grad)

# in-place reshapes of a non-leaf, then more ops on it
v = x * 3
q = v.mean(1)
v.unsqueeze_(1)
v.squeeze_(1)
r = v.transpose(0, 1) * torch.tensor([1., 2.])
(q.sum() + r.sum()).backward()
print(x.grad)
