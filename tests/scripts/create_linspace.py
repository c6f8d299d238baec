import torch
print(torch.linspace(0, 1, 5))
print(torch.linspace(-1, 1, 7))
print(torch.linspace(0, 10, steps=3))
print(torch.linspace(0, 1, 11))
print(torch.linspace(2, 2, 1))
