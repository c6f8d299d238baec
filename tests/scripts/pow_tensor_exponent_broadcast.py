# A tensor exponent broadcast over a short last dimension, as in "Learning
# PyTorch with Examples" (x.unsqueeze(-1).pow(p)): PyTorch computes every
# element with the C library's pow, and so does gradcli; 2 ** x and x ** y
# print to PyTorch's 4 decimals
import torch
import math
torch.set_printoptions(precision=10)
x = torch.linspace(-math.pi, math.pi, 2000)
p = torch.tensor([1, 2, 3])
xx = x.unsqueeze(-1).pow(p)
print(xx[::250])
print(xx.sum(0), (xx.double() * torch.arange(2000).double().unsqueeze(-1)).sum(0))
print(torch.linspace(0.1, 2, 5).unsqueeze(-1) ** torch.tensor([0.5, -1.5, 2.5], dtype=torch.float64))
torch.set_printoptions(precision=4)
y = torch.linspace(0, 3, 9)
print(2 ** y, y ** y.flip(0))
# the gradient's own pow (exponent - 1) is the same kernel's
x = (torch.linspace(0.2, 3, 7).unsqueeze(-1)).requires_grad_()
e = torch.tensor([1.5, 2.0, 3.0, 0.5])
(x ** e).sum().backward()
print(x.grad.flatten().tolist())
a = torch.linspace(0.1, 2, 9).requires_grad_()
(a ** torch.linspace(0.3, 2.7, 9)).sum().backward()
print(a.grad.tolist())
