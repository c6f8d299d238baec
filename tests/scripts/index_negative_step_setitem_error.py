import torch

x = torch.arange(6.0)
x[1::2] = torch.tensor([7.0, 8.0, 9.0])
print(x)
x[::-1] = 0
