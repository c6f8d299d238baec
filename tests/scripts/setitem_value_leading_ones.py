# x[...] = value: PyTorch views the value without its leading 1s, then
# expands it to the target (basic and advanced indexing alike)
import torch
a = torch.zeros(2, 3)
a[0] = torch.ones(1, 3)
a[1, 1] = torch.full((1, 1), 5.0)
a[:, 2] = torch.tensor([[7.0, 8.0]])
print(a)
b = torch.zeros(4, requires_grad=True).clone()
v = torch.tensor([[2.0, 3.0]], requires_grad=True)
b[torch.tensor([0, 2])] = v
(b * torch.arange(4.0)).sum().backward()
print(b, v.grad, b.grad_fn)
c = torch.zeros(2, 3)
c[0] = torch.ones(1, 2)
