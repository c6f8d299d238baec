import torch
import torch.nn.functional as F

x = torch.tensor([[1.0, 5.0], [3.0, 2.0]])
print(type(x.max(dim=1)), type(x.min(dim=1)), type(x.sort()), type(torch.topk(x, 1)))
# smooth_l1_loss with beta 0 is l1_loss
a = torch.tensor([1.0, 2.0], requires_grad=True)
t = torch.tensor([0.5, 1.0])
print(F.smooth_l1_loss(a, t, beta=0.0), F.smooth_l1_loss(a, t, beta=0.0, reduction="sum"))
print(F.smooth_l1_loss(a, t, beta=0.0, reduction="none"))
F.smooth_l1_loss(a, t, beta=0.0).backward()
print(a.grad)
w = torch.ones(2, requires_grad=True)
w.grad = torch.ones(3)
