import torch
x = torch.tensor([1., 2.], requires_grad=True)
w = torch.tensor([0.5], requires_grad=True)
w.register_hook(lambda g: print("w hook", g))
x.register_hook(lambda g: print("x hook", g))
h = x.exp()
q = (h * w).sum()
q.backward(inputs=[x])
print(x.grad, w.grad)
r = (x * w).sum() * 2
m = r * r
m.backward(inputs=[r], retain_graph=True)
print(r.grad, r.is_leaf, x.grad)
torch.autograd.backward([m], inputs=[w, x])
print(w.grad, x.grad)
