import torch
import torch.nn as nn
import torch.nn.functional as F
# Under create_graph the gradients of relu, abs, leaky_relu, hardtanh and
# l1_loss are in x's graph (PyTorch's backward ops take the saved input),
# and their own gradients are zeros; clamp's and maximum's are not.
x = torch.tensor([1.0, -2.0, 0.5], requires_grad=True)
fs = [torch.relu, torch.abs, F.leaky_relu, F.hardtanh, F.relu6, nn.ReLU(), nn.LeakyReLU(0.2),
      lambda t: t.abs(), lambda t: F.relu(t * 1, inplace=True), lambda t: F.leaky_relu(t * 1, 0.1, inplace=True),
      lambda t: F.l1_loss(t, torch.zeros(3)), lambda t: F.l1_loss(t, torch.zeros(3), reduction='sum'),
      lambda t: F.l1_loss(torch.zeros(3), t, reduction='none'),
      lambda t: t.clamp(-1.5, 0.7), lambda t: torch.maximum(t, torch.zeros(3)), torch.sign]
for f in fs:
    g, = torch.autograd.grad(f(x).sum(), x, create_graph=True)
    print(g.detach(), g.requires_grad)
    if g.requires_grad:
        print(torch.autograd.grad(g.sum(), x))
y = torch.tensor([3.0, 0.5], requires_grad=True)
d = torch.tensor([1.0, 2.0], requires_grad=True)
g = torch.autograd.grad(torch.remainder(y, d).sum(), [y, d], create_graph=True)
print(g[1].requires_grad, torch.autograd.grad(g[1].sum(), [y, d]))
g = torch.autograd.grad(torch.fmod(y, d).sum(), [y, d], create_graph=True)
print(g[1].requires_grad, torch.autograd.grad(g[1].sum(), [y, d]))
