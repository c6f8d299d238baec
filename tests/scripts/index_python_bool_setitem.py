# x[True, ...] = v beside other advanced indices writes where x[True, ...] reads: through the view of the
# new dim of size 1 (and of any int, slice or None), with index_put_ there (CopySlices around
# IndexPutBackward0); a key that leaves x as it is writes with IndexPutBackward0 itself. A False writes
# nothing, yet index_put_ runs (the version moves) and += still adds to an empty selection.
import torch
x = torch.arange(12.0).reshape(3, 4).requires_grad_()
a = torch.tensor([[10.0, 20.0, 30.0], [40.0, 50.0, 60.0]], requires_grad=True)
idx = torch.tensor([0, 2])
z = x * 1
z[True, :, idx] = a
print(z, z.grad_fn.next_functions)
(z * torch.arange(12.0).reshape(3, 4)).sum().backward()
print(x.grad, a.grad)
x.grad, a.grad = None, None
z = x * 1
z[True, :, idx] += a
(z * z).sum().backward()
print(z, x.grad, a.grad)
for key in ((True, 1, idx), (1, True, idx), (True, idx), (idx, True), (idx, 1, True), (True, [[0], [2]], idx),
            (True, None, idx), (None, True, 1, idx), (True, ..., idx), (..., True, idx), (True, [1, 1])):
    x.grad = None
    z = x * 1
    r = z[key]
    v = (torch.arange(r.numel()) + 100.0).reshape(r.shape).requires_grad_()
    z[key] = v
    (z * torch.arange(12.0).reshape(3, 4)).sum().backward()
    print(tuple(r.shape), z.grad_fn, z.tolist(), x.grad.tolist(), v.grad.tolist())
for key in ((False, idx[:1]), (False, 1), (False, ..., [2]), (1, False, [3])):
    z = x * 1
    z[key] = 5.0
    z[key] += 1.0
    print(z.grad_fn, z._version, z.tolist())
z = x * 1
z[False] = torch.ones(7)
print(z.grad_fn, z._version)
n = torch.zeros(2, 3, dtype=torch.int64)
n[True, :, [0, 2]] = torch.tensor([[1, 2], [3, 4]])
n[True, 1, True] = 9.7
n[torch.tensor([True, False]), True] = 7
n[1, [False, True, True]] = torch.tensor(8.5)
print(n)
d = torch.zeros(3, dtype=torch.float64)
d[True, [0]] = 0.1
d[1] = 0.2
d[2:] = True
print(d.tolist())
s = torch.tensor(2.0, requires_grad=True)
t = s * 1
t[True] = 5.0
t[None] = t * 2
t[..., True, True] += s
print(t)
t.backward()
print(s.grad)
