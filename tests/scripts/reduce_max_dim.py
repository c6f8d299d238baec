import torch
x = torch.tensor([[1., 5., 3.], [4., 2., 6.]])
r = x.max(dim=1)
print(r)
print(r.values)
print(r.indices)
print(x.max(0)[0])
