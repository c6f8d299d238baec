import torch
import torch.nn.functional as F

torch.manual_seed(2)
x = torch.randn(3, 6, 6, requires_grad=True)
y = F.max_pool2d(x, 2)
z = F.avg_pool2d(x, 3, 3)
w = F.adaptive_avg_pool2d(x, 2)
print(y.shape, z.shape, w.shape)
print(y[0], z[1], w[2])
(y.sum() + z.sum() + w.sum()).backward()
print(x.grad[0])
s = torch.randn(4, 9, requires_grad=True)
print(F.max_pool1d(s, 3), F.avg_pool1d(s, 3), F.adaptive_avg_pool1d(s, 2))
print(F.max_pool1d(s, 3).grad_fn.next_functions[0][0].next_functions[0][0].name())
i = torch.arange(36).reshape(1, 6, 6)
print(F.max_pool2d(i, 3), F.max_pool2d(i, 2, return_indices=True)[1])
