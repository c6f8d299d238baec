import torch
x = torch.tensor([1., 2., 3.], requires_grad=True)
y = x * 2
y.register_hook(lambda g: print("y hook", g))
y.retain_grad()
y.mul_(3)
y.sum().backward()
print(y.grad, x.grad)
x.grad = None
z = x * 2
v = z[0:2]
v.retain_grad()
v.register_hook(lambda g: print("v hook", g))
z.retain_grad()
v.mul_(5)
(z * 1).sum().backward()
print(v.grad, z.grad, x.grad)
x.grad = None
w = x * 1
u = w[1:]
w.add_(1)
u.retain_grad()
u.register_hook(lambda g: print("u hook", g))
(u * u).sum().backward()
print(u.grad, x.grad)
