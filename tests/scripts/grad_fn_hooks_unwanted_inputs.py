import torch
# A grad_fn post hook sees None for the gradients a pass with inputs= (or autograd.grad) does not want
x = torch.tensor([1.0, 2.0], requires_grad=True)
w = torch.tensor([3.0, 4.0], requires_grad=True)
a = x * w
seen = []
a.grad_fn.register_hook(lambda gi, go: seen.append([None if g is None else g.tolist() for g in gi]))
y = (a * 2).sum()
y.backward(inputs=[w], retain_graph=True)
print(seen, w.grad, x.grad)
seen.clear()
y.backward(inputs=[a], retain_graph=True)
print(seen, a.grad)
seen.clear()
gx, = torch.autograd.grad(y, [x], retain_graph=True)
print(seen, gx)
seen.clear()
ga, = torch.autograd.grad(y, [a], retain_graph=True)
print(seen, ga)
b = x + 1
b.grad_fn.register_hook(lambda gi, go: seen.append([None if g is None else g.tolist() for g in gi]))
z = (b * b).sum()
seen.clear()
z.backward(inputs=[b])
print(seen, b.grad)
