import torch
x = torch.tensor(2., requires_grad=True)
y = x ** 3
g = torch.autograd.grad(y, x, create_graph=True)[0]
print(g)
g2 = torch.autograd.grad(g, x)[0]
print(g2)
h = torch.autograd.grad(x ** 3, x, create_graph=True)[0]
h.backward()
print(x.grad)
