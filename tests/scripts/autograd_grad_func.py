import torch
x = torch.tensor([1., 2., 3.], requires_grad=True)
y = (x ** 2).sum()
g = torch.autograd.grad(y, x)
print(g)
print(g[0])
print(x.grad)
