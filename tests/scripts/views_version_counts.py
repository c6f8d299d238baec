import torch
x = torch.zeros(2, 3)
v = x[0]
t = x.t()
d = x.detach()
print(x._version, v._version, t._version, d._version)
v.add_(1)
print(x._version, v._version, t._version, d._version)
t[1] = 5.
d.mul_(2)
print(x._version, v._version, t._version, d._version)
x += 1
print(x._version, v._version, x)
print(v._base is x, t._base is x, t[0]._base is x, x._base, d._base)
print(x._is_view(), v._is_view(), x.view(6)._is_view(), x.reshape(6)._is_view(), x.t().reshape(6)._is_view())
print(x.squeeze()._is_view(), x.unsqueeze(0)._is_view(), x.expand(2, 2, 3)._is_view(), x.narrow(0, 0, 1)._is_view())
print(x.permute(1, 0)._is_view(), x.transpose(0, 1)._is_view(), x.T._is_view(), x.mT._is_view(), x.flatten()._is_view())
print(x[[0, 1]]._is_view(), x[x > 1]._is_view(), x.clone()._is_view(), x.contiguous()._is_view(), x.flip(0)._is_view())
print(x.unbind()[0]._is_view(), x.split(1)[0]._is_view(), x.chunk(2)[0]._is_view(), x[None]._is_view(), x[:]._is_view())
print(x.view(6)._version, x.flatten()._version)
