# margin_ranking_loss, hinge_embedding_loss, poisson_nll_loss and gaussian_nll_loss composed of ops as PyTorch composes them (Loss.cpp, torch/nn/functional.py), each reduction, and their nn modules
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(21)
torch.set_printoptions(precision=10)
# log and exp are MKL's in PyTorch: the losses that take them (poisson_nll_loss with full=True, gaussian_nll_loss) print fewer digits
for n in (3, 17, 100):
    x1 = torch.randn(n, requires_grad=True)
    x2 = torch.randn(n, requires_grad=True)
    y = (torch.randint(0, 2, (n,)) * 2 - 1).float()
    for red in ('mean', 'sum', 'none'):
        l = F.margin_ranking_loss(x1, x2, y, margin=0.3, reduction=red)
        l.sum().backward()
        print(n, 'mr', red, l.sum().item(), l.grad_fn.name(), x1.grad[:3], x2.grad[:3])
        x1.grad = x2.grad = None
        l = F.hinge_embedding_loss(x1, y, margin=0.7, reduction=red)
        l.sum().backward()
        print(n, 'he', red, l.sum().item(), l.grad_fn.name(), x1.grad[:3])
        x1.grad = None
        v = torch.rand(n) + 0.1
        xv = x1.detach().abs().requires_grad_()
        l = F.poisson_nll_loss(xv, v * 3, log_input=False, full=True, reduction=red)
        l.sum().backward()
        print(n, 'pn', red, f'{l.sum().item():.4f}', l.grad_fn.name(), xv.grad[:3])
        l = F.gaussian_nll_loss(x1, x2.detach(), v, reduction=red)
        l.sum().backward()
        print(n, 'gn', red, f'{l.sum().item():.4f}', l.grad_fn.name(), x1.grad[:3])
        x1.grad = None
        l = F.gaussian_nll_loss(x1, x2.detach(), 0.5, full=True, reduction=red)
        l.sum().backward()
        print(n, 'gnf', red, f'{l.sum().item():.4f}', l.grad_fn.name(), x1.grad[:3])
        x1.grad = None
x = torch.randn(4, 3, requires_grad=True)
var = torch.rand(4, requires_grad=True)
crit = nn.GaussianNLLLoss()
loss = crit(x, torch.zeros(4, 3), var)
loss.backward()
print(crit, f'{loss.item():.6f}', loss.grad_fn.name(), var.grad)
mr = nn.MarginRankingLoss(margin=0.1)
print(mr, mr(torch.tensor([1.0, 2.0]), torch.tensor([2.0, 1.0]), torch.tensor([1.0, 1.0])))
print(nn.HingeEmbeddingLoss(), nn.PoissonNLLLoss(log_input=True)(torch.tensor([0.5, 1.0]), torch.tensor([1.0, 2.0])))
