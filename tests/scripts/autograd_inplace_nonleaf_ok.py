import torch
x = torch.tensor([1., 2.], requires_grad=True)
y = x * 2
y.add_(1)
print(y)
y.sum().backward()
print(x.grad)
z = x + 0
z[0] = 7
print(z)
