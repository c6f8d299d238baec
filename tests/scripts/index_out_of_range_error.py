import torch
x = torch.tensor([1., 2., 3.])
print(x[2])
print(x[-3])
x[3]
