import torch

x = torch.tensor([[1, 2, 3], [4, 5, 6]])
print(x[:, ::2], x[1:, 1::5])
print(x[0, ::0])
