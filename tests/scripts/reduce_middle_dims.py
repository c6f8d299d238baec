# Sums and means over a middle dim, dims apart and several runs of dims add
# in PyTorch's order: the full float32 values printed agree to the last bit.
import torch

torch.manual_seed(0)
x = torch.randn(4, 50, 30)
print(x.sum(1)[0, :4].tolist())
print(x.sum(dim=1, keepdim=True).shape, x.mean(1)[3, -3:].tolist())
print(x.sum((0, 2)).tolist()[:5])
print(torch.sum(x, dim=(0, 2))[-1].item(), x.mean(dim=(0, 2))[7].item())
y = torch.randn(2, 3, 40, 5, dtype=torch.float64)
print(y.sum((1, 2)).tolist())
z = torch.randn(8, 7, 6, 8, 9)
print(z.sum((0, 3, 4)).flatten()[:6].tolist())
print(z.mean((1, 3))[0, 0].tolist())
# a gradient reduced back over a broadcast middle dim
b = torch.randn(4, 1, 30, requires_grad=True)
w = torch.randn(4, 50, 30)
((w + b) ** 2).sum().backward()
print(b.grad[2, 0, :5].tolist())
v = torch.randn(6, 1, 9, 1, requires_grad=True)
(torch.randn(6, 70, 9, 3) * v).sum().backward()
print(v.grad[:, 0, 0, 0].tolist())
