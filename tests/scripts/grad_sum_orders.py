# Gradients whose formulas sum or average (var, std, repeat) add in
# PyTorch's order, and lerp fuses its multiply-add:
# their full values agree to the last bit.
import torch

torch.manual_seed(0)
a = torch.randn(17, 23, requires_grad=True)
a.var(0).backward(torch.randn(23))
print(a.grad[:2, :4].tolist())
a.grad = None
a.std(1).backward(torch.randn(17))
print(a.grad[5, -4:].tolist())
a.grad = None
a.repeat(2, 3).backward(torch.randn(34, 69))
print(a.grad[0, :4].tolist(), a.grad[-1, -2:].tolist())
x, y = torch.randn(100), torch.randn(100)
print(torch.lerp(x, y, 0.3)[:4].tolist(), x.lerp(y, 0.75)[-3:].tolist())
print(torch.lerp(x, y, torch.rand(100))[10:13].tolist())
