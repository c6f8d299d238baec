import torch
import torch.nn.functional as F

torch.manual_seed(3)
x = torch.randn(1, 2, 9, 7, requires_grad=True)
for mode in ("bilinear", "bicubic"):
    for align in (False, True):
        y = F.interpolate(x, size=(4, 3), mode=mode, align_corners=align, antialias=True)
        print(mode, align, y.grad_fn)
        print(y[0, 1])
        (y * torch.linspace(-1, 1, y.numel()).reshape(y.shape)).sum().backward()
        print(x.grad[0, 0])
        x.grad = None

# upsampling with antialias, a scale factor, one dim unchanged
print(F.interpolate(x, scale_factor=(1.0, 1.8), mode="bicubic", antialias=True)[0, 0, :2])
# an output one column wide: PyTorch gives every row the first row's value
print(F.interpolate(x, size=(3, 1), mode="bilinear", antialias=True)[0])

y = F.interpolate(x, scale_factor=0.4, mode="bilinear", antialias=True)
g, = torch.autograd.grad((y ** 2).sum(), x, create_graph=True)
print(g.grad_fn)
g.sum().backward()
print(x.grad[0, 1])

d = torch.arange(20, dtype=torch.float64).reshape(1, 1, 4, 5).sin().requires_grad_()
y = F.interpolate(d, size=(2, 2), mode="bicubic", antialias=True)
print(y)
y.sum().backward()
print(d.grad)
