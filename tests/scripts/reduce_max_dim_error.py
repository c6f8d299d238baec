import torch
x = torch.tensor([[1., 5., 3.], [4., 2., 6.]])
print(x.max(-2))
print(x.max(dim=2))
