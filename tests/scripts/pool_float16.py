import torch
import torch.nn.functional as F
torch.manual_seed(0)
x = torch.randn(2, 3, 9, 9).to(torch.float16).requires_grad_()
y = F.avg_pool2d(x, 3, 1, 1, count_include_pad=False)
z = F.adaptive_avg_pool2d(x, 4)
m = F.max_pool2d(x, 2)
print(y[0, 0], z[1, 2], m[0, 1])
g = torch.randn(y.shape).to(torch.float16)
(y * g).sum().backward()
print(x.grad[0, 0])
x.grad = None
(z * torch.randn(z.shape).to(torch.float16)).sum().backward()
print(x.grad[1, 2])
