import torch
# the base written through a view: PyTorch names the producer by its C++ name
x = torch.tensor([1.0, 2.0], requires_grad=True)
a = x * 1
v = a.view(2)
b = a.sin()
v.mul_(2)
b.sum().backward()
