# Hooks registered on nodes by a tensor hook while backward runs take effect in that pass.
import torch
x = torch.ones(2, requires_grad=True)
a = x * 2
b = a + 1
c = b * 3
def h(g):
    a.grad_fn.register_hook(lambda gi, go: print("node hook", gi, go))
    b.grad_fn.register_prehook(lambda go: print("prehook", go))
    return g
c.register_hook(h)
c.sum().backward()
print(x.grad)
