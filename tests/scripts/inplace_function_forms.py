# torch.f_(x) and F.f_(x): the in-place functions write their first argument, as x.f_() does,
# with the same nodes (ExpBackward0, ReluBackward0, EluBackward1, LeakyReluBackward1, ...)
import torch
import torch.nn.functional as F
a = torch.tensor([0.25, 0.5, 0.75], requires_grad=True)
for f in (torch.abs_, torch.acos_, torch.asin_, torch.atan_, torch.arccos_, torch.arcsin_, torch.arctan_,
          torch.ceil_, torch.cos_, torch.cosh_, torch.deg2rad_, torch.erf_, torch.exp2_, torch.exp_, torch.expm1_,
          torch.fix_, torch.floor_, torch.frac_, torch.log10_, torch.log1p_, torch.log2_, torch.log_, torch.neg_,
          torch.negative_, torch.rad2deg_, torch.reciprocal_, torch.relu_, torch.round_, torch.rsqrt_,
          torch.sigmoid_, torch.sin_, torch.sinh_, torch.sqrt_, torch.square_, torch.tan_, torch.tanh_,
          torch.trunc_, torch.zero_, torch.selu_,
          torch.celu_, F.relu_, F.elu_, F.leaky_relu_, F.hardtanh_, F.selu_, F.celu_):
    y = a * 1
    r = f(y)
    g, = torch.autograd.grad(y.sum(), a)
    print(r is y, y, g, y._version)
b = a + 1
# PyTorch has no derivative for these in place: their nodes are AsinhBackward1, AcoshBackward1, AtanhBackward1
print(torch.acosh_(b), torch.arccosh_(a + 1), torch.asinh_(a * 1), torch.arcsinh_(a * 1), torch.atanh_(a * 1),
      torch.arctanh_(a * 1), (a * 1).asinh_(), (a + 1).acosh_(), (a * 1).atanh_())
y = a * 1
print(torch.clamp_(y, 0.3, 0.6), torch.clamp_min_(a * 1, 0.4), torch.clamp_max_(a * 1, 0.4), torch.clip_(a * 1, max=0.5))
print(torch.fill_(a * 1, 2.0), torch.xlogy_(a * 1, 2.0), torch.detach_(a * 1), torch.exp_(input=a * 1))
print(F.elu_(a - 0.5, 2.0), F.leaky_relu_(a - 0.5, 0.2), F.hardtanh_(a * 4 - 2, -0.5, 0.5), F.celu_(a - 0.5, alpha=0.5))
i = torch.tensor([-1, 2])
print(torch.relu_(i), i, torch.neg_(torch.tensor([1, -2])))
with torch.no_grad():
    torch.exp_(a)
print(a)
torch.asinh_(a * 1).sum().backward()
