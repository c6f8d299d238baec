import torch
x = torch.tensor([1., 2., 3.], requires_grad=True)
a = x.sigmoid()
a.mul_(2)
print(a)
a.sum().backward()
