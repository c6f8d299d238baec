import torch
import torch.nn as nn
import torch.nn.functional as F

# GELU's tanh form in float32: SLEEF's tanhf in the vector lanes, the C
# library's on the scalar tails; its gradient's own fused multiply-adds
torch.manual_seed(0)
x = (torch.randn(100) * 3).requires_grad_()
y = F.gelu(x, approximate="tanh")
print(y[:4].tolist(), y.sum().item())
y.backward(torch.linspace(-1, 1, 100))
print(x.grad[:4].tolist(), x.grad.sum().item())
base = torch.randn(40, 24, requires_grad=True)
z = nn.GELU(approximate="tanh")(base.t())
print(z[0, :3].tolist(), z.sum().item())
z.sum().backward()
print(base.grad[0, :3].tolist(), base.grad.sum().item())
print(F.gelu(torch.tensor([-6.0, -0.5, 0.0, 2.0, 9.0, float("inf"), float("nan")]), approximate="tanh"))
# the exact form's own loop, a transposed input and a broadcast gradient
b2 = torch.randn(40, 24, requires_grad=True)
F.gelu(b2.t()).sum().backward()
print(b2.grad[0, :3].tolist(), b2.grad.sum().item())
