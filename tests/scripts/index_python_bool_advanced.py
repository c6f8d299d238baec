# x[True, ...] / x[False, ...] beside other advanced indices: a Python bool is an index [0] (True) or []
# (False) into a new dim of size 1, so it broadcasts with the other index arrays, and where the broadcast
# dims go follows from where it stands (beside the others: in place; apart from them: first). Ints,
# slices and None between them are applied first (SelectBackward0, SliceBackward0, UnsqueezeBackward0).
import torch
x = torch.arange(36.0).reshape(3, 3, 4).requires_grad_()
y = x * 1
idx = torch.tensor([0, 2])
mask = torch.tensor([True, False, True])
one = torch.tensor([False, True, False])
for r in (y[True, :, idx], y[True, idx], y[:, True, idx], y[True, :, :, idx], y[idx, True], y[idx, :, True],
          y[True, 1, idx], y[1, True, idx], y[True, :, 1, idx], y[idx, 1, True], y[0, :, idx], y[idx, :, 0],
          y[True, None, idx], y[None, True, :, idx], y[True, ..., idx], y[..., True, idx], y[True, 1:, idx],
          y[False, :, [3]], y[False, [2]], y[[2], False], y[True, [[0], [1]], :, idx], y[True, :, mask],
          y[:, mask, True], y[True, mask], y[False, 0, one], y[torch.tensor(True), :, idx], y[True, True, idx],
          y[True, torch.tensor(1), idx], y[True, :, [1], False], y[1, :, True, idx]):
    print(tuple(r.shape), r.grad_fn, r.grad_fn.next_functions[0][0], r.tolist())
w = y[True, :, 1:, idx]
(w * torch.arange(12.0).reshape(2, 3, 2)).sum().backward()
print(x.grad)
x.grad = None
y = x * 1
(y[idx, 1, True] * torch.tensor([[1.0], [10.0]]) + y[1, True, mask].sum()).sum().backward()
print(x.grad)
v = torch.arange(3.0)
print(v[True, [0, 2]], v[[0, 2], True], v[True, True, [1]], v[False, [2]], v[None, True, [1, 1]])
m = torch.arange(6).reshape(2, 3)
print(m[True, 1, [0, 2]], m[True, :, 0], m[True, [1, 0], True], m[1, True, 2], m[[1], True, [2]])
