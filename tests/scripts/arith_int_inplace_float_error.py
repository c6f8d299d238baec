import torch
n = torch.tensor([1, 2])
print(n)
n *= 2
print(n)
n *= 1.5
