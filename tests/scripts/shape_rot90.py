import torch
x = torch.arange(6.).reshape(2, 3).requires_grad_()
for k in (-1, 0, 1, 2, 3, 5):
    r = torch.rot90(x, k)
    print(k, r, r.is_contiguous(), r.stride())
w = torch.arange(12.).reshape(2, 3, 2).requires_grad_()
r = w.rot90(1, [2, 0])
print(r, r.shape, r.stride())
(r * torch.arange(12.).reshape(r.shape)).sum().backward()
print(w.grad)
r = torch.rot90(x)
(r * torch.tensor([[1., 2.], [3., 4.], [5., 6.]])).sum().backward()
print(x.grad)
