import torch

x = torch.tensor(2)
print(pow(x, 2))
print(pow(x, 3, 5))
