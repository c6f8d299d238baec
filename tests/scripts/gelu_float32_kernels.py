import torch
import torch.nn.functional as F

# exact GELU in float32: oneDNN for contiguous tensors of 2+ elements, the
# scalar loop (erff, expf) for one element
torch.manual_seed(0)
x = torch.randn(200, requires_grad=True) * 3
x.retain_grad()
y = F.gelu(x)
print(y[:4].tolist(), y.sum().item())
print(F.gelu(torch.tensor([-6.0, -5.0, -4.0, -3.0, 0.5])))
y.backward(torch.linspace(-1, 1, 200))
print(x.grad[:4].tolist(), x.grad.sum().item())
one = torch.tensor([-0.75], requires_grad=True)
F.gelu(one).backward()
print(F.gelu(torch.tensor([1.3])).item(), one.grad.item())
# PyTorch's own loop for a tensor oneDNN does not take (not contiguous)
base = torch.randn(40, 24, requires_grad=True)
z = F.gelu(base.t())
print(z[0, :3].tolist(), z.sum().item())
z.backward(torch.linspace(-2, 2, 960).reshape(40, 24).t())
print(base.grad[0, :3].tolist(), base.grad.sum().item())
w = torch.randn(30, requires_grad=True)
F.gelu(w).sum().backward()
print(w.grad[:3].tolist())
