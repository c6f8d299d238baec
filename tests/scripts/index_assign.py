import torch
x = torch.zeros(3)
x[0] = 5
print(x)
m = torch.zeros(2, 3)
m[0, 1] = 1
print(m)
m[1] = torch.tensor([1., 2., 3.])
m[:, 0] = 9
print(m)
x[x > 1] = -1
print(x)
