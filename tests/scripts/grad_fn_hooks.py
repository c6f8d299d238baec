import torch
x = torch.tensor([1., 2.], requires_grad=True)
w = torch.tensor([3., 4.], requires_grad=True)
y = x * w
z = y.sum()


def post(grad_inputs, grad_outputs):
    print("post", grad_inputs, grad_outputs)


def pre(grad_outputs):
    print("pre", grad_outputs)


h1 = y.grad_fn.register_hook(post)
h2 = y.grad_fn.register_prehook(pre)
print(type(h1).__name__ if False else "handles")
z.backward(retain_graph=True)
print(x.grad, w.grad)
h1.remove()
h2.remove()
x.grad = None
w.grad = None
z.backward(retain_graph=True)
print(x.grad, w.grad)
y.grad_fn.register_hook(lambda gi, go: (gi[0] * 10, None))
y.grad_fn.register_prehook(lambda go: (go[0] + 1,))
x.grad = None
w.grad = None
z.backward(retain_graph=True)
print(x.grad, w.grad)
c = x * 2
c.grad_fn.register_hook(lambda gi, go: print("c post", gi, go))
c.register_hook(lambda g: print("tensor hook", g))
c.grad_fn.register_prehook(lambda go: print("c pre", go))
c.sum().backward()
