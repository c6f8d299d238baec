import torch

# a dim that names the same dim as the other argument once wrapped is fine
x = torch.arange(6.0).reshape(2, 3).requires_grad_()
y = x.transpose(0, -2)
print(y, y.grad_fn)
print(x.swapaxes(-1, 1).shape, x.swapdims(1, -1).shape, x.flatten(-1, 1).shape, x.flatten(1, -1).shape)
s = torch.tensor(2.0, requires_grad=True)
print(s.transpose(-1, 0), s.transpose(0, 0), s.flatten(0, -1), s.flatten(-1, 0))
z = torch.arange(24.0).reshape(2, 3, 4)
print(z.movedim([0, -1], [2, 0]).shape, z.movedim(0, -1).shape, torch.moveaxis(z, (0, 1), (1, 2)).shape)
w = torch.ones(2, 3).transpose_(-2, 1)
print(w.shape)
x.flatten(0, 2)
