import torch
x = torch.tensor([1., 2.], requires_grad=True)
y = x * 3
h = y.register_hook(lambda g: g * 2)
print(h)
print(type(h))
k = x.register_hook(lambda g: print("leaf hook", g))
y.sum().backward(retain_graph=True)
print(x.grad)
h.remove()
k.remove()
h.remove()
x.grad = None
y.sum().backward(retain_graph=True)
print(x.grad)
p = y.grad_fn.register_prehook(lambda go: None)
print(p)
