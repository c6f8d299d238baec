# binary_cross_entropy_with_logits as PyTorch computes it: log_sigmoid's kernel, weighted by (pos_weight - 1) * target + 1, the loss reduced in its cascade order; the gradients (sigmoid(x) - target) and log_sigmoid(-x) - log_sigmoid(x) * pos_weight, times the incoming gradient, then the weight, then divided by the count for a mean
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(11)
torch.set_printoptions(precision=10)
for n in (3, 17, 100, 1000):
    x = (torch.randn(n) * 3).requires_grad_()
    y = torch.rand(n).requires_grad_()
    w = torch.rand(n)
    pw = torch.rand(n) * 2
    for kw in ({}, {'reduction': 'sum'}, {'weight': w}, {'pos_weight': pw}, {'weight': w, 'pos_weight': pw, 'reduction': 'sum'}):
        loss = F.binary_cross_entropy_with_logits(x, y, **kw) * 1.3
        loss.backward()
        print(n, sorted(kw), loss.item(), x.grad[:3], x.grad.sum(), y.grad[:2], y.grad.sum())
        x.grad = y.grad = None
    none = F.binary_cross_entropy_with_logits(x, y, pos_weight=pw, reduction='none')
    print(none[:4], none.sum())
criterion = nn.BCEWithLogitsLoss(pos_weight=torch.tensor([3.0]))
logits = torch.randn(8, 1, requires_grad=True)
labels = torch.randint(0, 2, (8, 1)).float()
loss = criterion(logits, labels)
loss.backward()
print(loss, logits.grad.view(-1))
x = torch.randn(5, requires_grad=True)
y = torch.rand(5, requires_grad=True)
loss = F.binary_cross_entropy_with_logits(x, y, weight=torch.rand(5), pos_weight=torch.rand(5) * 2)
gx, gy = torch.autograd.grad(loss, (x, y), create_graph=True)
print(gx, gy)
(gx.sum() + gy.pow(2).sum()).backward()
print(x.grad, y.grad)
