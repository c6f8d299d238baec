import torch
x = torch.tensor([1., 2., 3.], requires_grad=True)
y = x * 2
v = y[1:]
y.mul_(3)
out = (v * v).sum()
print(torch.autograd.grad(out, v, retain_graph=True))
print(torch.autograd.grad(out, [v, x], retain_graph=True))
out.backward(inputs=[v])
print(v.grad, x.grad)
w = y[0:2]
y.add_(1)
(w * 2).sum().backward(inputs=[w, x])
print(w.grad, x.grad)
