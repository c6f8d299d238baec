import torch
x = torch.tensor([1., 2., 3.], requires_grad=True)
d = x.detach()
print(d)
print(d.requires_grad, d.is_leaf)
d[0] = 10
print(x)
d.add_(1)
print(x)
