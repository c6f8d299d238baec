import torch
import torch.nn as nn

torch.manual_seed(0)
x = torch.randn(1, 2, 3, 4, requires_grad=True)
s = torch.randn(2, 5, requires_grad=True)
mods2 = [nn.ZeroPad2d(1), nn.ZeroPad2d((1, 2, 0, 1)), nn.ConstantPad2d((2, 0, 1, 1), 3.5), nn.ConstantPad2d(1, 2),
         nn.ReflectionPad2d(1), nn.ReflectionPad2d((2, 1, 0, 2)), nn.ReplicationPad2d(2),
         nn.ReplicationPad2d((0, 1, 2, 1)), nn.CircularPad2d(1), nn.CircularPad2d((1, 2, 0, 1)),
         nn.ZeroPad2d((-1, 1, 1, -1))]
mods1 = [nn.ZeroPad1d(2), nn.ZeroPad1d([1, 0]), nn.ConstantPad1d((1, 2), -1.25), nn.ReflectionPad1d(3),
         nn.ReplicationPad1d((2, 1)), nn.CircularPad1d(2)]
total = 0
for i, m in enumerate(mods2):
    y = m(x)
    print(m, m.padding, y.shape, y.grad_fn.name())
    total = total + (y * (i + 1)).pow(2).sum()
for i, m in enumerate(mods1):
    y = m(s)
    print(m, m.padding, y.shape, y.grad_fn.name())
    total = total + (y * (i + 1)).pow(3).sum()
print(mods2[2](x)[0, 1])
print(mods2[5](x)[0, 0])
print(mods1[5](s))
total.backward()
print(x.grad)
print(s.grad)
print(nn.ConstantPad1d(2, 1.5).value, nn.ZeroPad2d(1).value)
model = nn.Sequential(nn.ReflectionPad2d(1), nn.ZeroPad2d((0, 1, 0, 1)))
print(model)
print(model(x[0]).shape)
