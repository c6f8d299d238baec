import torch
import torch.nn.functional as F

torch.manual_seed(3)
x = torch.randn(2, 3, 7, 6, requires_grad=True)
a = F.avg_pool2d(x, 3)
b = F.avg_pool2d(x, (3, 2), stride=(2, 1), padding=1)
c = F.avg_pool2d(x, 3, 2, 1, ceil_mode=True, count_include_pad=False)
d = F.avg_pool2d(x, 2, 1, divisor_override=3)
for t in (a, b, c, d):
    print(t.shape, t.grad_fn.name())
print(c[0, 0])
print(d[1, 2])
(a.sum() + (b * b).sum() + c.exp().sum() + d.sum()).backward()
print(x.grad[0, 0])
print(x.grad[1, 2])

s = torch.randn(3, 11, requires_grad=True)
e = F.avg_pool1d(s, 4, 3, 2, ceil_mode=True, count_include_pad=False)
print(e, e.grad_fn.name())
e.backward(torch.ones_like(e))
print(s.grad)
print(torch.avg_pool1d(s, 2))
i = torch.arange(20).reshape(1, 4, 5) - 7
print(F.avg_pool2d(i, 2, 1), F.avg_pool1d(i, 3))
