# atan2's gradient as PyTorch's atan2_backward: grad * other * recip and grad * -self * recip, with recip = 1 / (self * self + other * other) set to 0 where that sum is 0 (at the origin, or where the squares underflow), so the origin gives signed zeros, not NaN; plain and under create_graph, broadcast
import torch
y = torch.tensor([0.0], requires_grad=True)
x = torch.tensor([0.0], requires_grad=True)
torch.atan2(y, x).backward(torch.ones(1))
print(y.grad, x.grad)
y = torch.tensor([0.0, 0.0, -0.0, -0.0, 1e-30, 1e-23, 3e38, float('inf'), 1.0], requires_grad=True)
x = torch.tensor([0.0, -0.0, 0.0, -0.0, 1e-30, 0.0, 3e38, 0.0, 0.0], requires_grad=True)
for g in (1.0, -1.0, float('nan')):
    y.grad = None
    x.grad = None
    torch.atan2(y, x).backward(torch.full((9,), g))
    print(y.grad.tolist(), x.grad.tolist())
d = torch.tensor([1e-170, 0.0], dtype=torch.float64, requires_grad=True)
e = torch.tensor([0.0, 0.0], dtype=torch.float64, requires_grad=True)
print(torch.autograd.grad(torch.atan2(d, e), (d, e), torch.tensor([2.0, -3.0], dtype=torch.float64)))
torch.manual_seed(0)
a = (torch.randn(2, 5) * (torch.rand(2, 5) > 0.3)).requires_grad_()
b = (torch.randn(5) * (torch.rand(5) > 0.3)).requires_grad_()
out = a.atan2(b)
g = torch.randn(2, 5) * 100
out.backward(g)
print(out, a.grad.tolist(), b.grad.tolist())
ga, gb = torch.autograd.grad(torch.arctan2(a, b), (a, b), g, create_graph=True)
print(ga.detach().tolist(), gb.detach().tolist())
