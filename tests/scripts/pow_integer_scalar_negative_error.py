import torch

x = torch.tensor([1, 2])
print(x ** torch.tensor(-1), 2 ** -x)
print(pow(x, -1))
