import torch
x = torch.tensor([1., 2.], requires_grad=True)
a = x * 2
b = a * a
a += 1
print(b)
b.sum().backward()
