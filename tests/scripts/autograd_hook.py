import torch
x = torch.tensor([1., 2.], requires_grad=True)
h = x.register_hook(lambda g: g * 2)
y = (x * 3).sum()
y.backward()
print(x.grad)
z = x * x
z.register_hook(lambda g: print("hook got", g))
z.sum().backward()
print(x.grad)
