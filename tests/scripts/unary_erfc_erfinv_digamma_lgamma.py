# torch.erfc, torch.erfinv, torch.digamma, torch.lgamma (method and in-place forms): ErfcBackward0,
# ErfinvBackward0, DigammaBackward0, LgammaBackward0; PyTorch's values at poles and ends, and second derivatives
import torch
x = torch.tensor([-2.5, -0.3, 0.2, 1.0, 3.7, 12.0], requires_grad=True)
for f in (torch.erfc, torch.digamma, torch.lgamma):
    y = f(x)
    g, = torch.autograd.grad(y.sum(), x, create_graph=True)
    print(y, g, torch.autograd.grad(g.sum(), x))
u = torch.tensor([-0.9, -0.2, 0.0, 0.5, 0.99], requires_grad=True)
y = torch.erfinv(u)
g, = torch.autograd.grad(y.sum(), u, create_graph=True)
print(y, g, torch.autograd.grad(g.sum(), u))
print(x.erfc(), x.digamma(), u.erfinv(), (x * 1).digamma_(), (u * 1).erfinv_(), (x * 1).erfc_(), torch.erfc_(x * 1))
print(torch.digamma(torch.tensor([1, 2, 3])), torch.erfc(torch.tensor([0, 1])), torch.erfinv(torch.tensor([True, False])))
print(torch.digamma(torch.tensor([0.0, -0.0, -1.0, -2.5, 10.0, float("inf"), float("-inf"), float("nan")])))
print(torch.lgamma(torch.tensor([0.0, -0.0, -1.0, -2.5, 1.0, 2.0, 0.5, 1e-40, 3e38, float("inf"), float("-inf")])),
      x.lgamma(), (x * 1).lgamma_(), torch.lgamma(torch.tensor([1, 5])))
print(torch.erfinv(torch.tensor([1.0, -1.0, 1.5, 0.0])), torch.erfc(torch.tensor([-float("inf"), 30.0])))
p = torch.tensor([0.5, 1.5, 2.5], dtype=torch.float64, requires_grad=True)
h = torch.autograd.functional.hessian(lambda v: torch.digamma(v).sum(), p)
print(torch.digamma(p), h.diagonal())
d = torch.tensor([-3.0, 0.0], requires_grad=True)
torch.digamma(d).sum().backward()
print(d.grad)
