import torch
x = torch.arange(6)
print(x.reshape(2, 3))
x.reshape(4, 2)
