import torch
from torch.autograd import gradcheck, gradgradcheck
x = torch.tensor([0.5, 1.5, -2.0], dtype=torch.float64, requires_grad=True)
w = torch.tensor([[1.0, -0.5, 2.0], [0.25, 0.75, -1.0]], dtype=torch.float64, requires_grad=True)
print(gradcheck(lambda a, b: (b @ a, (a > 0).float(), a.detach() * 2), (x, w)))
print(gradcheck(lambda a: a.abs().max(), (x,), atol=1e-4))
print(gradgradcheck(lambda a, b: (b @ a.exp()).sum(), (x, w), (torch.tensor(1.5, dtype=torch.float64),)))
print(gradcheck(lambda a: a.clamp(min=0.0) * 3, (x,), eps=1e-7, rtol=1e-2))
print(gradcheck(lambda a: a.detach() * 2, (x,)))
