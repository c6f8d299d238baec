import torch
x = torch.tensor([1., 2.], requires_grad=True)
y = (x * 3).sum()
acc = y.grad_fn.next_functions[0][0].next_functions[0][0]
print(acc, acc.name())
acc.register_prehook(lambda go: print("acc pre", go))
acc.register_hook(lambda gi, go: print("acc post", gi, go))
y.backward()
print(x.grad)
z = x * 2
z[0:1].mul_(2)
print(z.grad_fn.name(), z[0:1].grad_fn.name())
w = x * 2
w.copy_(x)
print(w.grad_fn.name())
w = x * 2
w[[0]] = 1.
print(w.grad_fn.name())
