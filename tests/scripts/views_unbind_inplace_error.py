import torch
x = torch.arange(4.).requires_grad_()
y = x * 2
a, b, c, d = y.unbind()
print(b.grad_fn, b._is_view(), b._base is y)
b.add_(1)
