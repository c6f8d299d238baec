import torch
import torch.nn.functional as F

x = torch.tensor([[[1.0, 3.0, 3.0, 2.0],
                   [3.0, 0.5, 3.0, 3.0],
                   [float('nan'), 1.0, 2.0, float('nan')],
                   [0.0, float('nan'), -1.0, 4.0]]], requires_grad=True)
y, idx = F.max_pool2d(x, 2, 1, return_indices=True)
print(y)
print(idx)
print(y.grad_fn.name())
y.backward(torch.arange(9.0).reshape(1, 3, 3))
print(x.grad)

x.grad = None
z = F.max_pool2d(x, (2, 3), (2, 1), padding=(1, 1), dilation=(1, 1), ceil_mode=True)
print(z, z.shape)
z.sum().backward()
print(x.grad)

v = torch.tensor([[-float('inf'), -float('inf'), 2.0, 2.0, -1.0]], requires_grad=True)
m, i = F.max_pool1d(v, 2, 1, 1, return_indices=True)
print(m, i)
print(m.grad_fn.name(), m.grad_fn.next_functions[0][0].name())
m.sum().backward()
print(v.grad)
print(F.max_pool1d(v, 2, dilation=2))
