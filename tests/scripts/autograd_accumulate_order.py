import torch
a = torch.tensor([1., 2.], requires_grad=True)
b = torch.tensor([3., 4.], requires_grad=True)
c = torch.tensor(0.5, requires_grad=True)
a.register_hook(lambda g: print("a", g))
b.register_hook(lambda g: print("b", g))
c.register_hook(lambda g: print("c", g))
y = (a * b).sum() + (b * c).sum() + a.sum() * c
y.backward()
print(a.grad, b.grad, c.grad)
d = torch.tensor([1., -1.], requires_grad=True)
d.register_hook(lambda g: print("d", g))
u = d * 2
u.register_hook(lambda g: print("u", g))
v = (u + a).sum() + (d * b).sum()
v.backward()
z = c * 2 + c * 3
z.backward()
