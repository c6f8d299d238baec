import torch
import torch.nn.functional as F

torch.manual_seed(5)
x = torch.randn(2, 3, 7, 5, requires_grad=True)
a = F.adaptive_avg_pool2d(x, (3, None))
b = F.adaptive_avg_pool2d(x, 4)
c = F.adaptive_avg_pool2d(x, 1)
d, idx = F.adaptive_max_pool2d(x, (2, 3), return_indices=True)
for t in (a, b, c, d):
    print(t.shape, t.grad_fn.name())
print(b[0, 1])
print(d[1], idx[1])
(a.sum() + b.pow(2).sum() + c.sum() + d.sum()).backward()
print(x.grad[0, 0])

s = torch.randn(2, 10, requires_grad=True)
e = F.adaptive_avg_pool1d(s, 4)
f = F.adaptive_avg_pool1d(s, 1)
g = F.adaptive_max_pool1d(s, 3)
print(e, f, g)
print(e.grad_fn.name(), f.grad_fn.name(), g.grad_fn.name())
(e.sum() + f.sum() * 2 + g.sum() * 3).backward()
print(s.grad)
print(torch.adaptive_max_pool1d(s, 2))
print(F.adaptive_avg_pool2d(x[0], (9, 8)).shape)
