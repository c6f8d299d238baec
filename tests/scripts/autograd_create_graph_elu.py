import torch
import torch.nn as nn
import torch.nn.functional as F

# ELU, SELU and CELU gradients under create_graph=True: PyTorch's elu_backward
# (EluBackwardBackward0), bit for bit as without create_graph, and second and
# mixed derivatives by elu_double_backward: zero at x == 0 (and -0.0), where
# the first derivative takes the negative branch. In place (inplace=True,
# F.elu_, torch.selu_, ...) the gradient reads the result (is_result).
torch.manual_seed(0)
fs = [("elu", lambda t: F.elu(t)), ("elu(alpha=0.3)", lambda t: F.elu(t, 0.3)),
      ("elu(alpha=-1.5)", lambda t: F.elu(t, alpha=-1.5)), ("selu", torch.selu), ("F.selu", F.selu),
      ("celu", torch.celu), ("celu(0.6)", lambda t: torch.celu(t, 0.6)), ("F.celu(alpha=2.5)", lambda t: F.celu(t, alpha=2.5)),
      ("nn.ELU(0.7)", nn.ELU(0.7)), ("nn.SELU()", nn.SELU()), ("nn.CELU(1.3)", nn.CELU(1.3)),
      ("elu inplace", lambda t: F.elu(t * 1, 0.8, inplace=True)), ("F.elu_", lambda t: F.elu_(t * 1)),
      ("selu inplace", lambda t: F.selu(t * 1, True)), ("torch.selu_", lambda t: torch.selu_(t * 1)),
      ("F.selu_", lambda t: F.selu_(t * 1)), ("celu inplace", lambda t: F.celu(t * 1, 0.6, True)),
      ("torch.celu_", lambda t: torch.celu_(t * 1, alpha=1.7)), ("F.celu_", lambda t: F.celu_(t * 1)),
      ("x.elu_ via nn.ELU(inplace)", lambda t: nn.ELU(1.2, inplace=True)(t * 1)),
      ("nn.SELU(inplace)", lambda t: nn.SELU(True)(t * 1)), ("nn.CELU(inplace)", lambda t: nn.CELU(0.4, True)(t * 1))]
for dtype in (torch.float32, torch.float64):
    base = torch.cat([torch.tensor([-3.0, -1.0, -0.0, 0.0, 1e-3, -1e-3, 0.5, 2.0]), torch.randn(16) * 2])
    x = base.to(dtype).requires_grad_()
    w = torch.randn(24, dtype=dtype, requires_grad=True)
    v = torch.randn(24, dtype=dtype)
    for name, f in fs:
        y = f(x)
        g, = torch.autograd.grad(y, x, w, create_graph=True)
        plain, = torch.autograd.grad(f(x), x, w)
        print(name, dtype, y.grad_fn.name(), g.grad_fn.name(), torch.equal(g, plain))
        print(g.tolist())
        # second derivative in x, and the mixed one in w
        hx, hw = torch.autograd.grad(g, [x, w], v, create_graph=True)
        print(hx.grad_fn.name(), hw.grad_fn.name())
        print(hx.tolist())
        print(hw.tolist())
        # through both inputs of elu_backward's node at once, third order too
        a, b = torch.autograd.grad((g * g * 0.5).sum() + (hx * hx).sum(), [x, w])
        print(a.tolist())
        print(b.tolist())
    # a plain backward through a create_graph gradient accumulates into .grad
    g, = torch.autograd.grad(F.elu(x, 0.9).sum(), x, create_graph=True)
    (g * v).sum().backward()
    print(x.grad.tolist())
    x.grad = None
# the nodes' inputs, as PyTorch links them
def names(fn):
    return [None if f is None else f.name() for f, _ in fn.next_functions]


x = torch.tensor([-1.5, 0.0, 0.5], requires_grad=True)
w = torch.tensor([0.3, 0.7, 1.1], requires_grad=True)
g, = torch.autograd.grad(F.celu(x, 0.5), x, w, create_graph=True)
print(g, names(g.grad_fn))
h, = torch.autograd.grad(g.sum(), x, create_graph=True)
print(h, names(h.grad_fn), names(h.grad_fn.next_functions[0][0]))
z = x * 1
g, = torch.autograd.grad(torch.selu_(z), x, w, create_graph=True)
print(g, names(g.grad_fn), names(g.grad_fn.next_functions[0][0]))
h, = torch.autograd.grad(g.sum(), x, create_graph=True)
print(h)
# Scalars in double-backward formulas are C++ Scalars (MulBackward1), as in softplus_double_backward
def walk(fn, depth=0):
    print("  " * depth + fn.name())
    for f, _ in fn.next_functions:
        if f is not None:
            walk(f, depth + 1)


x = torch.tensor([-1.5, 0.0, 0.5, 3.0, 12.0], requires_grad=True)
g, = torch.autograd.grad(F.softplus(x, 1.5, 2.0).sum(), x, create_graph=True)
h, = torch.autograd.grad((g * g).sum(), x, create_graph=True)
walk(h.grad_fn)
print(h, torch.autograd.grad(h.sum(), x))
