# softmax and log_softmax over a dim that is not the last, and their
# gradients, print PyTorch's float32 values to the last bit; so do std and
# cross_entropy over (N, C, d1, ...) inputs.
import torch
import torch.nn.functional as F

torch.manual_seed(0)
x = torch.randn(4, 50, 30, requires_grad=True)
for d in (0, 1):
    y = F.softmax(x * 3, dim=d)
    print(d, y[1, 7, :4].tolist(), y.sum().item())
    z = torch.log_softmax(x, d)
    print(d, z[3, -1, -5:].tolist())
    g, = torch.autograd.grad((y * torch.arange(30.)).sum(), x)
    print(d, g[2, 24, 12:18].tolist())
    g, = torch.autograd.grad((z * torch.arange(30.)).sum(), x)
    print(d, g[0, 0, :3].tolist(), g[3, 49, -3:].tolist())
w = torch.randn(35, 43)
print(w.softmax(0)[:2, 14:24].tolist())
print(w.log_softmax(dim=0)[-1, -6:].tolist())
print(x.std(1)[0, :4].tolist(), x.std().item(), torch.std(x, (0, 2), correction=0)[:3].tolist())
logits = torch.randn(8, 10, 300, requires_grad=True)
target = torch.randint(0, 10, (8, 300))
loss = F.cross_entropy(logits, target)
loss.backward()
print(loss.item(), logits.grad[5, :, 7].tolist())
print(F.nll_loss(torch.log_softmax(logits, 1), target, reduction="sum").item())
print(F.cross_entropy(logits, target, weight=torch.rand(10), ignore_index=3).item())
