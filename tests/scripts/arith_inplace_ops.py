import torch
x = torch.tensor([1., 2., 3.])
x += 1
print(x)
x *= 2
print(x)
x.add_(1)
print(x)
x.mul_(0.5).sub_(1)
print(x)
n = torch.tensor([1, 2])
n += 1
print(n)
x.zero_()
print(x)
