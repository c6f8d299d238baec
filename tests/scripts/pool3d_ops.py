import torch
import torch.nn.functional as F

torch.manual_seed(3)
x = torch.randn(2, 2, 4, 5, 6, requires_grad=True)
y, idx = F.max_pool3d(x, (2, 3, 2), (1, 2, 2), (1, 1, 0), (1, 1, 2), ceil_mode=True, return_indices=True)
print(y.shape, y.grad_fn)
print(idx[0, 0])
print(y.grad_fn._saved_kernel_size, y.grad_fn._saved_stride, y.grad_fn._saved_padding,
      y.grad_fn._saved_dilation, y.grad_fn._saved_ceil_mode)
a = F.avg_pool3d(x, 3, 2, 1, ceil_mode=True, count_include_pad=False)
b = F.avg_pool3d(x, (2, 2, 3), padding=(1, 0, 1), divisor_override=5)
print(a[1, 1], a.grad_fn)
print(b.grad_fn._saved_kernel_size, b.grad_fn._saved_stride, b.grad_fn._saved_divisor_override,
      b.grad_fn._saved_count_include_pad)
c = F.adaptive_avg_pool3d(x, (3, None, 4))
d, didx = F.adaptive_max_pool3d(x, (3, 2, 7), return_indices=True)
e = F.adaptive_avg_pool3d(x, 1)
print(c.shape, c.grad_fn, d.shape, d.grad_fn, e.grad_fn)
print(d.grad_fn._saved_result1.equal(didx))
(y.sum() + (a * a).sum() + b.sum() + (c * 2).sum() + d.sum() + e.sum()).backward()
print(x.grad[1, 0])

# unbatched (C, D, H, W) inputs and float64
u = torch.arange(60, dtype=torch.float64).reshape(1, 3, 4, 5).requires_grad_()
outs = [F.max_pool3d(u, 2, 1), F.avg_pool3d(u, (1, 2, 2)), F.adaptive_avg_pool3d(u, (2, 3, 3)),
        F.adaptive_max_pool3d(u, 2), torch.max_pool3d(u, (3, 2, 2), (1, 1, 1), 0, 1, True)]
for o in outs:
    print(o.shape, o.grad_fn.name())
sum(o.sum() for o in outs).backward()
print(u.grad)
