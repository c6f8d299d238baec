# Sums and means of transposed, permuted and stepped tensors add in the
# order of their memory, as PyTorch's do; so do losses of such tensors.
import torch
import torch.nn.functional as F

torch.manual_seed(0)
base = torch.randn(40, 30, 20)
t = base.transpose(0, 2)
print(t.sum().item(), t.mean().item(), t.sum(0)[:2, :3].tolist())
print(t.sum(1)[4, :5].tolist(), t.mean((0, 2))[-4:].tolist())
p = base.permute(1, 0, 2)
print(p.sum(2)[0, :4].tolist(), p.sum((0, 1))[:3].tolist())
s = base[:, ::2, :]
print(s.sum().item(), s.sum(1)[0, :4].tolist(), s.mean(0)[0, :3].tolist())
w = torch.randn(50, 64)
print(w.T.sum(1)[:4].tolist(), w.T.sum(0)[:4].tolist(), w.t().mean().item())
print(F.mse_loss(t, t * 0.3).item(), F.l1_loss(w.T, w.T * 0.5).item())
x = torch.randn(64, 50, requires_grad=True)
(x.T @ torch.randn(64, 3)).sum().backward()
print(x.grad.sum(0)[:3].tolist())
t = torch.rand(300, 70) * 3
print(torch.log1p(t.T).sum(0)[:3].tolist(), torch.sigmoid(t.T).sum(0)[:3].tolist(), torch.expm1(t.T * 0.1).sum().item())
print((w.T * 0.01 + 1).prod().item(), (base.permute(2, 0, 1) * 0.001 + 1).prod().item())
q = torch.sigmoid(w.T)
print(F.binary_cross_entropy(q, torch.sigmoid(w.T * 0.5)).item())
