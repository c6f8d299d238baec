import torch
x = torch.tensor([1, 2, 3])
print(x.float().std())
print(x.std())
