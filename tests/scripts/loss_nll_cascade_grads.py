# nll_loss over batches of 3 to 700: PyTorch's running-sum cascade for the loss and the weight total, ignored targets skipped, and its gradient -(grad / total) times each target's weight
import torch
import torch.nn.functional as F
torch.manual_seed(5)
torch.set_printoptions(precision=10)
for n in (3, 40, 700):
    x = (torch.randn(n, 4) - 2).requires_grad_()
    t = torch.randint(0, 4, (n,))
    t[0] = -100
    w = torch.rand(4)
    for kw in ({}, {'weight': w}, {'reduction': 'sum', 'weight': w}):
        loss = F.nll_loss(x, t, **kw) * 1.7
        loss.backward()
        print(n, loss.item(), x.grad[1:3], x.grad.sum(0))
        x.grad = None
