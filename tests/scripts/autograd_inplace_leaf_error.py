import torch
x = torch.ones(2, requires_grad=True)
print(x)
x.add_(1)
