import torch
import torch.nn as nn
import torch.nn.functional as F

# nn.Linear's weight gradient is computed transposed; .grad obeys the
# parameter's layout (contiguous), so its sums and norms add in that order
torch.manual_seed(0)
lin = nn.Linear(40, 3)
x = torch.randn(50, 40)
lin(x).sum().backward()
g = lin.weight.grad
print(g.is_contiguous(), g.sum().item(), g.abs().sum().item())
print(torch.linalg.vector_norm(g, 1.0).item(), g.norm().item())
print(nn.utils.clip_grad_norm_(lin.parameters(), 1.0, norm_type=1.0).item())

# norms other than the vectorised 2-norm: each output's terms in order
a = torch.randn(1000, 37, requires_grad=True)
print(a.norm(p=1).item(), a.norm(dim=0)[:3].tolist(), a.norm(p=1, dim=1)[:3].tolist())
print(torch.linalg.vector_norm(a, 3).item(), torch.linalg.vector_norm(a.t(), 0.5, dim=0)[:2].tolist())
print(F.normalize(a, p=1, dim=0)[0, :3].tolist())
loss = torch.norm(a, p=1) + a.norm(dim=0).sum() + torch.linalg.vector_norm(a, 3)
loss.backward()
print(loss.item(), a.grad[0, :3].tolist())

# a single element's norm is its absolute value
t = torch.tensor([[1e-30, 3e30, -2.0, 0.0]])
print(torch.linalg.vector_norm(t, 2, dim=0), t.norm(p=3, dim=0), t.norm(p=0, dim=0))
