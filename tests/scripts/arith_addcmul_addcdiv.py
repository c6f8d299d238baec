# addcmul and addcdiv: the fused multiply-add, integer inputs (value
# truncated), a 0-d tensor value, the in-place and out= forms, gradients.
import torch

torch.manual_seed(0)
a, b, c = torch.randn(50, requires_grad=True), torch.randn(50, requires_grad=True), torch.randn(50, requires_grad=True)
y = torch.addcmul(a, b, c, value=0.3)
z = a.addcdiv(b, c, value=-2.5)
print(y.grad_fn, z.grad_fn, y[:4].tolist(), z[:4].tolist())
grads = torch.autograd.grad((y * torch.arange(50.)).sum() + (z ** 2).sum(), (a, b, c))
print([g[:3].tolist() for g in grads])
print(torch.addcmul(torch.arange(3), torch.arange(3), torch.arange(3), value=1.7))
print(torch.arange(3).addcmul(torch.arange(3), torch.arange(3), value=torch.tensor(2.)))
print(torch.addcdiv(torch.ones(3), torch.ones(3), torch.arange(1, 4)))
x = torch.zeros(3)
x.addcdiv_(torch.ones(3), torch.full((3,), 4.0), value=2)
out = torch.empty(2, 3)
torch.addcmul(torch.ones(2, 3), torch.ones(3), torch.full((2, 1), 3.0), value=0.5, out=out)
print(x, out)
