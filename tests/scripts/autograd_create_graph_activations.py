import torch
import torch.nn.functional as F

# With create_graph=True a gradient has the bits it has without (PyTorch's
# backward kernels: tanh_backward, sigmoid_backward, softplus_backward,
# gelu_backward; silu's differentiable formula), its node is PyTorch's, and
# the second derivatives follow PyTorch's double-backward formulas.
torch.manual_seed(0)
x = (torch.randn(24) * 3).requires_grad_()
w = torch.randn(24, requires_grad=True)
fs = [("tanh", torch.tanh), ("sigmoid", torch.sigmoid), ("softplus", F.softplus),
      ("softplus(beta=2, threshold=1.5)", lambda t: F.softplus(t, 2.0, 1.5)), ("gelu", F.gelu), ("silu", F.silu)]
for name, f in fs:
    g, = torch.autograd.grad(f(x).sum(), x, create_graph=True)
    plain, = torch.autograd.grad(f(x).sum(), x)
    print(name, g.grad_fn.name(), torch.equal(g, plain))
    print(g.tolist())
    h, = torch.autograd.grad((g * g).sum(), x)
    print(h.tolist())
    g2, = torch.autograd.grad((f(x) * w).sum(), x, create_graph=True)
    a, b = torch.autograd.grad((g2 * g2 * 0.5).sum(), [x, w])
    print(a.tolist())
    print(b.tolist())
# softmax and log_softmax (cross_entropy): PyTorch's _softmax_backward_data and
# _log_softmax_backward_data kernels, and their double-backward formulas
m = torch.randn(4, 5, requires_grad=True)
target = torch.tensor([1, 0, 4, 2])
for name, f in [("cross_entropy", lambda t: F.cross_entropy(t, target)),
                ("log_softmax", lambda t: (F.log_softmax(t, 1) * torch.arange(5.)).sum()),
                ("softmax", lambda t: (F.softmax(t, 0) * torch.arange(5.)).sum())]:
    g, = torch.autograd.grad(f(m), m, create_graph=True)
    plain, = torch.autograd.grad(f(m), m)
    print(name, g.grad_fn.name(), torch.equal(g, plain))
    print(g.tolist())
    h, = torch.autograd.grad((g * g).sum(), m)
    print(h.tolist())
