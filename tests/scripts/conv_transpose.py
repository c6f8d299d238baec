import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
x = torch.randn(2, 4, 3, 3, requires_grad=True)
w = torch.randn(4, 2, 3, 3, requires_grad=True)
b = torch.randn(2, requires_grad=True)
y = F.conv_transpose2d(x, w, b)
print(y.shape, y.grad_fn, len(y.grad_fn.next_functions))
print(y[1, 0])
y.sum().backward()
print(x.grad[0, 0], w.grad[3, 1], b.grad)

# stride, output padding, dilation, groups, 1-D, 3-D, unbatched
s = F.conv_transpose2d(torch.randn(1, 2, 2, 2), torch.randn(2, 1, 2, 2), stride=2, padding=1, output_padding=1)
print(s.shape, s.sum())
u = F.conv_transpose1d(torch.randn(4, 6), torch.randn(4, 2, 3), stride=2, dilation=2, output_padding=1)
print(u.shape, u.grad_fn)
v = torch.conv_transpose2d(torch.randn(1, 4, 3, 3), torch.randn(4, 1, 2, 2), torch.randn(2), groups=2)
print(v)
print(F.conv_transpose3d(torch.randn(1, 2, 2, 3, 2), torch.randn(2, 2, 2, 2, 2)).shape)
print(F.conv_transpose2d(torch.ones(1, 2, 2, 2, dtype=torch.int64), torch.ones(2, 1, 2, 2, dtype=torch.int64)))

# modules: PyTorch's initialisation, repr, output_size
m = nn.ConvTranspose2d(4, 3, 3, stride=2, padding=1, output_padding=1)
print(m, m.weight.shape, m.bias)
print(m(torch.randn(1, 4, 5, 5)).shape, m(torch.randn(1, 4, 5, 5), output_size=[9, 9]).shape)
up = nn.ConvTranspose2d(4, 6, 3, stride=2, groups=2, bias=False, dilation=2)
print(up, up(torch.randn(4, 5, 5), output_size=(6, 14, 13)).shape)
print(nn.ConvTranspose1d(4, 6, 3, bias=False, dilation=2), nn.ConvTranspose3d(2, 2, 2))

# a decoder step, and a gradient of a gradient
dec = nn.Sequential(nn.ConvTranspose2d(3, 2, 2, stride=2), nn.ReLU(), nn.ConvTranspose2d(2, 1, 3, padding=1))
code = torch.randn(1, 3, 2, 2)
img = dec(code)
print(img)
p = torch.randn(1, 2, 3, 3, requires_grad=True)
k = torch.randn(2, 2, 2, 2, requires_grad=True)
q = F.conv_transpose2d(p, k, stride=2, output_padding=1)
gp, gk = torch.autograd.grad(q.sum(), (p, k), create_graph=True)
print(gp.grad_fn, gk.grad_fn)
(gp.sum() + gk.sum()).backward()
print(p.grad.shape, k.grad.shape)
