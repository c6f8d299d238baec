import torch
from torch.autograd import functional as AF
import torch.autograd.functional

def f(a, b):
    return a * b.exp(), (a ** 2).sum() * b


x = torch.tensor([0.5, -1.0, 2.0])
y = torch.tensor([1.5, 0.25, -0.75])
v = (torch.tensor([1., 2., 3.]), torch.tensor([0.5, 0.5, 0.5]))
out, g = torch.autograd.functional.vjp(f, (x, y), v)
print(out)
print(g)
out, g = torch.autograd.functional.jvp(f, (x, y), v)
print(out, g)
s = lambda a, b: (a.sin() * b ** 2).sum()
print(torch.autograd.functional.hvp(s, (x, y), v))
print(torch.autograd.functional.vhp(s, (x, y), v))
print(torch.autograd.functional.hvp(s, (x, y), v, create_graph=True))
print(torch.autograd.functional.vjp(lambda a: a.exp(), x, torch.ones(3), create_graph=True, strict=True))
w = torch.tensor([1., 2.], requires_grad=True)
o, h = torch.autograd.functional.vhp(lambda a: (a ** 4).sum(), w, torch.ones(2), create_graph=True)
print(o, h)
h.sum().backward()
print(w.grad)
print(torch.autograd.functional.jacobian(lambda a: a.sum() * 2, (x,)))
print(torch.autograd.functional.jacobian(lambda a, b: a + 0 * b, (x, y), strict=False))
