import torch
x = torch.tensor([1., 2.], requires_grad=True)
z = x * 3
y = (z.exp() * 2).sum()
g, = torch.autograd.grad(y, [z], retain_graph=True)
print(g)
print(x.grad)
y.backward()
print(x.grad)
