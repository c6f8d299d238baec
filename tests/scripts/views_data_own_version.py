import torch
x = torch.arange(4.).requires_grad_()
w = x * x
x.data.mul_(2)
print(x, x._version, x.data._version, x.data._is_view())
w.sum().backward()
print(x.grad)
y = x * 1
print(y.detach()._is_view(), y.detach()._version)
