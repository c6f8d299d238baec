import torch
# xlogy's gradient masks with a numpy mask, which must stay a constant under create_graph
import torch.nn.functional as F
x = torch.tensor([0.0, 0.5, 2.0], requires_grad=True)
y = torch.tensor([0.3, 0.0, 1.5], requires_grad=True)
g = torch.autograd.grad(torch.xlogy(x, y).sum(), [x, y], create_graph=True)
print(g)
print(torch.autograd.grad(g[0].sum() + g[1].sum(), [x, y]))
g, = torch.autograd.grad(torch.xlogy(x, 0.5).sum(), x, create_graph=True)
print(g)
h, = torch.autograd.grad(F.kl_div(torch.tensor([-1.0, -0.5, -2.0]), x, reduction="sum"), x, create_graph=True)
print(h, torch.autograd.grad(h.sum(), x))
