import torch
a = torch.tensor([1., 2.])
b = torch.tensor([3., 4.])
print(torch.cat([a, b]))
m = torch.ones(2, 2)
print(torch.cat([m, m], dim=1))
print(torch.cat((m, m)).shape)
