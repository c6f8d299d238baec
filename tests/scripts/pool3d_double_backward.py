import torch
import torch.nn.functional as F

torch.manual_seed(11)
x = torch.randn(1, 2, 4, 4, 5, dtype=torch.float64, requires_grad=True)
w = torch.randn(1, 2, 4, 4, 5, dtype=torch.float64)
calls = [lambda t: F.max_pool3d(t, 3, 2, 1), lambda t: F.avg_pool3d(t, 3, 2, 1, count_include_pad=False),
         lambda t: F.adaptive_avg_pool3d(t, (3, 2, 4)), lambda t: F.adaptive_max_pool3d(t, 3)]
for fn in calls:
    y = fn(x)
    go = torch.randn(y.shape, dtype=torch.float64, requires_grad=True)
    g, = torch.autograd.grad(y, x, go, create_graph=True)
    print(y.grad_fn.name(), g.grad_fn.name())
    hx, hgo = torch.autograd.grad((g * w).sum(), (x, go))
    print(hx.abs().sum().item())
    print(hgo[0, 1])
