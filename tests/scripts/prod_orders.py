# A product of many elements multiplies in PyTorch's order (registers of
# four vectors, then their lanes): its full value agrees to the last bit.
import torch

torch.manual_seed(0)
x = 1 + torch.randn(24000) * 0.01
print(x.prod().item(), x.double().prod().item())
y = 1 + torch.randn(30, 100, requires_grad=True) * 0.05
p = y.prod(1)
print(p[:4].tolist(), y.prod(0)[:3].tolist())
p.sum().backward()
print(torch.prod(1 + torch.randn(70000) * 0.001).item())
