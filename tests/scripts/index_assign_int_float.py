import torch
n = torch.tensor([1, 2, 3])
n[0] = 2.7
print(n)
n[1:] = -1
print(n)
