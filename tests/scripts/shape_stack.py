import torch
a = torch.tensor([1., 2.])
b = torch.tensor([3., 4.])
print(torch.stack([a, b]))
print(torch.stack([a, b], dim=1))
