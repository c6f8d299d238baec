# SELU, CELU, Hardswish, Hardsigmoid, Mish, Softsign, Tanhshrink: torch./F. forms, nn modules
# and their reprs, grad_fn names (EluBackward0 for selu), in-place nodes, gradients
import torch
import torch.nn as nn
import torch.nn.functional as F
x = torch.tensor([-4.0, -3.0, -1.25, -0.0, 0.5, 2.0, 3.0, 5.0], requires_grad=True)
for f in (F.selu, torch.selu, F.celu, torch.celu, F.hardswish, F.hardsigmoid, F.mish, F.softsign, F.tanhshrink):
    y = f(x)
    g, = torch.autograd.grad(y.sum(), x)
    print(y, g)
print(F.celu(x, 0.5), torch.celu(x, alpha=2.0), F.celu(x, alpha=-1.5))
z = x * 1
print(F.selu(z, inplace=True).grad_fn, F.celu(x * 1, 2.0, True).grad_fn, F.hardswish(x * 1, inplace=True).grad_fn,
      F.mish(x * 1, True).grad_fn, F.hardsigmoid(x * 1, inplace=True).grad_fn)
w = x * 2
F.celu(w, 0.25, inplace=True).sum().backward()
print(w, x.grad)
print(nn.SELU(), nn.SELU(inplace=True), nn.CELU(), nn.CELU(2.0, True), nn.Hardswish(), nn.Hardswish(True),
      nn.Hardsigmoid(), nn.Mish(), nn.Mish(inplace=True), nn.Softsign(), nn.Tanhshrink())
model = nn.Sequential(nn.Linear(2, 3), nn.SELU(), nn.Linear(3, 3), nn.Mish(), nn.Linear(3, 1), nn.Hardsigmoid())
print(model)
with torch.no_grad():
    for p in model.parameters():
        p.copy_(torch.linspace(-1, 1, p.numel()).reshape(p.shape))
out = model(torch.tensor([[0.5, -1.0], [2.0, 0.25]]))
out.sum().backward()
print(out, model[0].weight.grad)
d = torch.tensor([0.3, -0.7], dtype=torch.float64, requires_grad=True)
g, = torch.autograd.grad(F.mish(d).sum() + F.selu(d).sum() + F.celu(d, 0.5).sum(), d, create_graph=True)
print(g, torch.autograd.grad(g.sum(), d))
print(type(nn.Mish()), isinstance(nn.CELU(), nn.Module))
F.celu(x, 0.0)
