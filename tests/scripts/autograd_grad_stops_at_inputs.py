import torch
x = torch.tensor([1., 2.], requires_grad=True)
a = x.exp()
z = a * 3
y = (z * z).sum()
g, = torch.autograd.grad(y, [z])
print(g)
z.sum().backward()
print(x.grad)
