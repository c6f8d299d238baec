import torch
x = torch.tensor([[1., 2., 3.], [4., 5., 6.], [7., 8., 9.]])
print(x[[0, 2]])
print(x[x > 5])
print(x[torch.tensor([True, False, True])])
print(x[:, [0, 2]])
print(x[[0, 1], [1, 2]])
print(x[torch.tensor([2, 0])])
