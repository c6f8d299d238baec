# F.pad: PyTorch's pad order (last dim first), constant values, negative pads (crops),
# reflect and replicate in 1-3 dims, their grad_fn names and gradients; torch.constant_pad_nd
import torch
import torch.nn.functional as F
x = torch.arange(6.0).view(2, 3).requires_grad_()
y = F.pad(x, (1, 2))
print(y, y.grad_fn)
y2 = F.pad(x, (1, 1, 2, 0), value=-1.5)
print(y2)
y3 = F.pad(x, (-1, 1))
print(y3)
(y * torch.arange(12.0).view(2, 6)).sum().backward()
print(x.grad)
x.grad = None
(y3 * 2).sum().backward()
print(x.grad)
print(F.pad(x, (0, 0)).grad_fn, F.pad(x, (-3, 0)), F.pad(x, [1, 1], "constant", None))
print(torch.constant_pad_nd(x, (1, 1), 3), F.pad(x.long(), (1, 1), value=2.5), F.pad(x, (1, 1), value=True))
torch.manual_seed(0)
s = torch.randn(1, 2, 6, requires_grad=True)
for mode in ("reflect", "replicate"):
    out = F.pad(s, (3, 2), mode=mode)
    print(mode, out, out.grad_fn)
    g = torch.randn(out.shape)
    s.grad = None
    out.backward(g)
    print(s.grad.tolist())
img = torch.randn(2, 1, 4, 4, requires_grad=True)
out = F.pad(img, (1, 2, 3, 0), mode="reflect")
print(out[1, 0], out.grad_fn)
out.backward(torch.randn(out.shape))
print(img.grad[0, 0].tolist())
vol = torch.randn(1, 2, 3, 3, dtype=torch.float64, requires_grad=True)
out = F.pad(vol, (1, 1, 2, 2, 1, 0), mode="replicate")
print(out.shape, out.grad_fn)
(out ** 2).sum().backward()
print(vol.grad[0, 1].tolist())
print(F.pad(torch.arange(10.0).view(2, 5), (-1, 2), mode="reflect"))
# second derivatives
z = torch.randn(1, 4, requires_grad=True)
(gz,) = torch.autograd.grad((F.pad(z, (2, 1), mode="reflect") ** 3).sum(), z, create_graph=True)
gz.sum().backward()
print(torch.round(gz, decimals=4), torch.round(z.grad, decimals=4))
