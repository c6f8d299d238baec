import torch
x = torch.ones(2)
print(x.requires_grad)
x.requires_grad_()
print(x)
x.requires_grad_(False)
print(x)
y = torch.tensor([1., 2.])
y.requires_grad = True
print(y)
a = torch.tensor([1, 2]).requires_grad_()
