# binary_cross_entropy as PyTorch's scalar loops compute it: the C library's log and log1p per element, clamped at -100, reduced in its cascade order; the gradient (grad * (x - y)) / max((1 - x) * x, 1e-12), then the weight, then a mean's division by the count
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(4)
torch.set_printoptions(precision=10)
for n in (3, 17, 100, 1000):
    p = torch.rand(n).clamp(0.02, 0.98).requires_grad_()
    y = torch.rand(n).requires_grad_()
    w = torch.rand(n)
    for kw in ({}, {'reduction': 'sum'}, {'weight': w}, {'weight': w, 'reduction': 'sum'}):
        loss = F.binary_cross_entropy(p, y, **kw) * 0.7
        loss.backward()
        print(n, sorted(kw), loss.item(), p.grad[:3], p.grad.sum())
        p.grad = y.grad = None
    none = F.binary_cross_entropy(p, y, reduction='none')
    print(none[:4], none.sum())
model_out = torch.sigmoid(torch.randn(6, 1, requires_grad=True))
target = torch.randint(0, 2, (6, 1)).float()
loss = nn.BCELoss()(model_out, target)
loss.backward()
print(loss)
print(F.binary_cross_entropy(torch.tensor([0.0, 1.0, 0.5]), torch.tensor([0.0, 1.0, 1.0]), reduction='none'))
