import torch
import torch.nn.functional as F

torch.manual_seed(4)
x = (torch.randn(1, 2, 5, 6, 7) * 30).to(torch.float16).requires_grad_()
outs = [F.max_pool3d(x, 2, 1), F.adaptive_avg_pool3d(x, (2, 4, 3)), F.adaptive_max_pool3d(x, 3)]
for o in outs:
    print(o[0, 1], o.grad_fn.name())
sum((o * o.detach()).sum() for o in outs).backward()
print(x.grad[0, 0, 1])
