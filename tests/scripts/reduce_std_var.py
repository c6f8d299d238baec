import torch
x = torch.tensor([1., 2., 3., 4.])
print(x.std())
print(x.var())
print(x.norm())
print(x.mean(), x.std(), sep=" ")
