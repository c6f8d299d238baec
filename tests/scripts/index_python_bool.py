# x[True] / x[False]: a Python bool indexes as a 0-d mask, a new dim of size 1 or 0 where it stands
# (advanced indexing, IndexBackward0, no view); x[True] = v writes through a view (CopySlices)
import torch
x = torch.arange(6.0).reshape(2, 3).requires_grad_()
y = x * 1
for r in (y[True], y[False], y[None, True], y[True, None], y[True, 0], y[0, True], y[..., True], y[True, ...],
          y[True, True], y[False, 1], y[True, 1:], y[True, [0, 1]], y[True, False], y[True, 0, 1], y[1, True, 2],
          y[:, True]):
    print(tuple(r.shape), r.grad_fn, r._is_view(), r.tolist())
print(torch.tensor(5.0)[True], torch.tensor(5.0)[False], torch.tensor([1, 2])[True])
(y[True] * 2).sum().backward()
print(x.grad)
x.grad = None
y = x * 1
(y[1, True, 2] * 3 + y[True, [0, 1]].sum()).sum().backward()
print(x.grad)
for k in ((0, True), (None, True), (True, 0), (..., True)):
    z = x * 1
    z[k] = torch.tensor(9.0)
    print(z.grad_fn, z.tolist())
z = x * 1
z[True, 1:] = 9.0
print(z.grad_fn, z.tolist())
z = x * 1
z[True] = torch.tensor([[1.0, 2.0, 3.0]])
w = x * 1
w[False] = torch.ones(5)
print(z, w, w._version)
y[True, 0, 1, 2]
