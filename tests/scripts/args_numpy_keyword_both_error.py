import torch

x = torch.tensor([[1., 5., 3.], [4., 2., 6.]])
print(x.sum(axis=1, keepdims=True), torch.sum(x, 1, keepdims=True))
print(x.sum(dim=0, axis=1))
