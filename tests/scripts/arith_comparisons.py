import torch
x = torch.tensor([0.5, 1.5, 2.5])
print(x > 1)
print(x == 1.5)
print((x > 1).sum())
print((x > 1).float())
print(x >= torch.tensor([1., 1., 3.]))
print(x != 0.5, x < 2, x <= 1.5)
print(torch.tensor([1, 2]) == torch.tensor([1, 3]))
