import torch
a = torch.tensor([1., 2.], requires_grad=True)
print(a)
b = torch.tensor([1, 2], requires_grad=True)
