import torch
import torch.nn.functional as F
# nll_loss's gradient under create_graph, float32, reduction='mean' (the default)
x = torch.tensor([[0.5, -1.0]], requires_grad=True)
F.nll_loss(x, torch.tensor([1])).backward(create_graph=True)
print(x.grad.detach(), x.grad.requires_grad)
g, = torch.autograd.grad(x.grad.sum(), x)
print(g)
w = torch.tensor([[0.5, -1.0, 2.0], [0.1, 0.2, 0.3]], requires_grad=True)
g, = torch.autograd.grad(F.nll_loss(w, torch.tensor([2, 0]), weight=torch.tensor([1.0, 2.0, 0.5])), w,
                         create_graph=True)
print(g)
print(torch.autograd.grad((g * g).sum(), w))
v = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
h = torch.autograd.functional.hessian(lambda t: F.cross_entropy(t[None], torch.tensor([1])), v)
print(h)
print(torch.autograd.functional.hessian(lambda t: F.nll_loss(t[None], torch.tensor([1]), ignore_index=1), v))
