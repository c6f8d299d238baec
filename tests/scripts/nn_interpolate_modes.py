import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
x1 = torch.randn(2, 3, 5, requires_grad=True)
x2 = torch.randn(1, 2, 3, 4, requires_grad=True)
x3 = torch.randn(1, 2, 2, 3, 4, requires_grad=True)

# the interpolating modes: values, grad_fn and gradients
for x, mode in ((x1, "linear"), (x2, "bilinear"), (x2, "bicubic"), (x3, "trilinear")):
    for align in (False, True):
        y = F.interpolate(x, scale_factor=1.7, mode=mode, align_corners=align)
        print(mode, align, tuple(y.shape), y.grad_fn)
        print(y[0, 0])
        w = torch.arange(y.numel(), dtype=torch.float32).reshape(y.shape).sin()
        (y * w).sum().backward()
        print(x.grad[0, 0])
        x.grad = None

# sizes, recomputed scale factors, downsampling
print(F.interpolate(x2, size=(2, 7), mode="bilinear"))
print(F.interpolate(x2, scale_factor=(0.6, 2.5), mode="bicubic", recompute_scale_factor=True))
print(F.interpolate(x1, size=2, mode="linear", align_corners=True))
print(F.interpolate(x3, size=(3, 2, 5), mode="trilinear"))

# a large output: PyTorch's other bilinear kernel
big = F.interpolate(x2, size=(70, 65), mode="bilinear")
print(big.shape, big.sum().item(), big[0, 1, 40, 30:34])

# nearest-exact and area
for x in (x1, x2, x3):
    for mode in ("nearest-exact", "area"):
        y = F.interpolate(x, scale_factor=0.7, mode=mode)
        print(mode, x.dim(), tuple(y.shape), y.grad_fn)
        print(y[0, 0])
        (y ** 2).sum().backward()
        print(x.grad[0, 0])
        x.grad = None
print(F.interpolate(x2, size=(5, 9), mode="nearest-exact")[0, 1])
print(F.interpolate(x2, size=1, mode="area").grad_fn)
print(F.interpolate(x3, size=(1, 1, 1), mode="area").grad_fn)

# double backward
y = F.interpolate(x2, scale_factor=2, mode="bilinear", align_corners=True)
g, = torch.autograd.grad((y ** 3).sum(), x2, create_graph=True)
print(g.grad_fn)
g.sum().backward()
print(x2.grad)
x2.grad = None
y = F.interpolate(x1, size=8, mode="linear")
g, = torch.autograd.grad((y ** 2).sum(), x1, create_graph=True)
print(g.grad_fn)

# float64
d = torch.linspace(-1, 1, 12, dtype=torch.float64).reshape(1, 1, 3, 4).requires_grad_()
y = F.interpolate(d, scale_factor=2.5, mode="bicubic")
print(y[0, 0, 3])
y.pow(2).sum().backward()
print(d.grad)

# modules
up = nn.Upsample(scale_factor=2, mode="bilinear", align_corners=True)
print(up, up(x2)[0, 0, 1])
print(nn.Upsample(size=(4, 6), mode="bicubic"))
print(nn.UpsamplingBilinear2d(scale_factor=2), nn.UpsamplingBilinear2d(scale_factor=2)(x2)[0, 1, 0])
print(nn.UpsamplingNearest2d(size=(5, 5)), nn.UpsamplingNearest2d(size=(5, 5))(x2).grad_fn)
print(nn.AdaptiveAvgPool3d((1, 2, 3))(x3)[0, 1])
print(F.upsample_bilinear(x2, size=(4, 5)).grad_fn)
print(F.upsample(x1, scale_factor=2, mode="linear").grad_fn)
print(F.upsample_nearest(x2, scale_factor=2).shape)
