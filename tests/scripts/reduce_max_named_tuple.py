import torch
x = torch.tensor([[1., 5.], [4., 2.]], requires_grad=True)
r = torch.min(x, 1, keepdim=True)
print(r)
print(r[0], r[-1], len(r))
v, i = x.max(0)
print(v * 2, i + 1)
print(x.max(dim=1).indices, x.min(0).values)
