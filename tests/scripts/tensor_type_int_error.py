import torch

x = torch.tensor([1.5, 2.0])
print(x.type(int))
