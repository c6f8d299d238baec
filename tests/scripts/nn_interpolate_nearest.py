import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
x = torch.randn(2, 3, 5, 4, requires_grad=True)
tot = 0
for kw in [dict(scale_factor=2), dict(size=(7, 9)), dict(scale_factor=1.7), dict(size=(2, 3)), dict(scale_factor=(0.5, 3.3)), dict(scale_factor=2.5, recompute_scale_factor=True), dict(size=11)]:
    y = F.interpolate(x, **kw)
    print(y.shape, y.grad_fn.name(), y[1, 2, :3, :5])
    tot = tot + (y * torch.randn(y.shape)).sum()
tot.backward()
print(x.grad)
s = torch.randn(2, 3, 7, requires_grad=True)
z = F.interpolate(s, scale_factor=2.3)
print(z, z.grad_fn.name())
z.pow(2).sum().backward()
print(s.grad)
up = nn.Upsample(scale_factor=2)
print(up, nn.Upsample(size=(3, 4)), nn.Upsample(size=5), nn.Upsample(scale_factor=(2, 1.5)), up.scale_factor, up.mode)
v = torch.randn(1, 2, 3, 3, requires_grad=True)
w = up(v)
print(w.grad_fn.name(), w[0, 1])
model = nn.Sequential(nn.Conv2d(2, 4, 3, padding=1), nn.ReLU(), nn.Upsample(size=(5, 6)), nn.Conv2d(4, 1, 1))
print(model)
out = model(v)
out.sum().backward()
print(out.shape, v.grad)
print(F.interpolate(torch.arange(6.).reshape(1, 1, 6), size=4), F.interpolate(torch.ones(1, 1, 2, 2, 2), scale_factor=(1.5, 2, 1)).shape)
