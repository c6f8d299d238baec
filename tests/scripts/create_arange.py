import torch
print(torch.arange(5))
print(torch.arange(1, 2, 0.25))
print(torch.arange(0., 1., 0.1))
print(torch.arange(10, 0, -3))
print(torch.arange(5).dtype)
print(torch.arange(0., 1., 0.1).shape)
print(torch.arange(2, 6))
print(torch.arange(5.))
