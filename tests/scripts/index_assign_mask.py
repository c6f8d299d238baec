import torch
x = torch.tensor([0.5, 1.5, 2.5])
x[x > 1] = 0
print(x)
x[[0, 2]] = 9
print(x)
x[1:] = 4
print(x)
