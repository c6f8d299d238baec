# x.unsqueeze_, x.squeeze_, x.t_, x.transpose_ (and swapaxes_/swapdims_): the shape changes in
# place, the version goes up, the node is the in-place one (UnsqueezeBackward1, SqueezeBackward3/4/5,
# TBackward1, TransposeBackward1); gradients flow back in the old shape
import torch
a = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
y = a * 2
r = y.unsqueeze_(0)
print(r is y, y.shape, y._version, y.grad_fn, y.grad_fn.next_functions[0][0].name())
y.squeeze_()
print(y.shape, y.grad_fn)
y.unsqueeze_(1).squeeze_(1)
print(y.grad_fn, y.unsqueeze_(-1).squeeze_((2,)).grad_fn, y.shape)
y.t_()
print(y, y.is_contiguous(), y._version)
y.transpose_(0, 1)
y.swapaxes_(1, 0)
y.swapdims_(0, -1)
print(y.shape, y.grad_fn)
(y * torch.arange(6.0).reshape(2, 3)).sum().backward()
print(a.grad)
b = torch.tensor([1.0, 2.0, 3.0])
b.unsqueeze_(0).t_()
print(b, b.requires_grad, b.grad_fn, b._version, torch.tensor(2.0).t_(), torch.tensor(5.0).unsqueeze_(0))
with torch.no_grad():
    c = torch.ones(2, 3, requires_grad=True)
    c.unsqueeze_(0)
print(c.shape, c.is_leaf, c.grad_fn)
z = a * 1
w = z[0]
w.unsqueeze_(0)
print(w.grad_fn, w.shape, w._base is z, z._version, z[1].grad_fn)
(w * torch.tensor([[1.0, 10.0, 100.0]])).sum().backward()
print(a.grad)
z = a * 1
z.retain_grad()
z.t_()
z.sum().backward()
print(z.grad)
e = a.exp()
e.t_()
e.sum().backward()
