import torch
x = torch.tensor([1., 2.], requires_grad=True)
w = torch.tensor([0.5, 0.25], requires_grad=True)
x.register_hook(lambda g: print("x hook", g))
w.register_hook(lambda g: print("w hook", g))
h = x * w
h.register_hook(lambda g: print("h hook", g))
y = (h * h).sum()
print(torch.autograd.grad(y, [h], retain_graph=True))
print(torch.autograd.grad(y, [w], retain_graph=True))
print(torch.autograd.grad(y, [h, x]))
print(x.grad, w.grad)
k = x.exp()
m = k * 2
n = m.sum()
print(torch.autograd.grad(n, m))
m.sum().backward()
print(x.grad)
