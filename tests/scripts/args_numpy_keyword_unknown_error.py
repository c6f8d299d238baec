import torch

x = torch.tensor([[1., 5., 3.], [4., 2., 6.]])
print(torch.mean(x, axis=0, keepdims=True))
print(torch.sum(x, axis=0, foo=1))
