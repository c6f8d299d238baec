import torch
x = torch.ones(3, requires_grad=True)
y = x.exp()
d = y.detach()
print(d._is_view(), d._base, d._version)
v = d[0:2]
print(v._is_view(), v._base is d)
v.mul_(2)
print(y, y._version, d._version, v._version, x._version)
y.sum().backward()
