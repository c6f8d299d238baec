# hardswish's gradient under create_graph is PyTorch's node, differentiated by its formula;
# hardsigmoid's has no derivative in PyTorch: a backward through it is PyTorch's error
import torch
import torch.nn.functional as F
torch.manual_seed(0)
x = (torch.randn(30) * 3).requires_grad_()
g, = torch.autograd.grad(F.hardswish(x).sum(), x, create_graph=True)
print(g.grad_fn, g.tolist())
h, = torch.autograd.grad((g * g).sum(), x)
print(h.tolist())
g, = torch.autograd.grad(F.hardsigmoid(x).sum(), x, create_graph=True)
print(g.grad_fn, g.tolist())
h, = torch.autograd.grad((g * g).sum(), x)
