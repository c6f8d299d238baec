import torch

x = torch.tensor([1, 2, 3])
print(x[::1], list(range(3))[::-1])
x[::-1] = 0
