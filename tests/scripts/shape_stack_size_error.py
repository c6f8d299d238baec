import torch
a = torch.ones(2, 3)
print(torch.stack([a, a], dim=2).shape)
print(torch.stack([a, a.t()]))
