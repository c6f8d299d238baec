import torch
print(torch.full((2, 2), 7.))
print(torch.full((2,), 3))
print(torch.full((2, 3), 0.5))
print(torch.full((1, 2), True))
print(torch.full((2,), 1.5, dtype=torch.float64))
