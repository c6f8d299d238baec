# torch.var_mean / torch.std_mean: a plain tuple (spread, mean) from one Welford pass, with
# VarMeanBackward0 / StdMeanBackward0, PyTorch's overloads and gradients of both outputs
import torch
x = torch.tensor([[1.0, 2.0, 4.0], [0.5, -1.0, 3.0]], requires_grad=True)
r = torch.var_mean(x, 1)
print(r, type(r), len(r))
v, m = r
print(v.grad_fn, m.grad_fn.name(), v.requires_grad, m.is_leaf)
(v.sum() + 2 * m.sum()).backward()
print(x.grad)
x.grad = None
s, m = torch.std_mean(x, dim=0, keepdim=True, correction=0)
print(s, m)
(s * m).sum().backward()
print(x.grad)
print(torch.var_mean(x, True), torch.std_mean(x, 1, False, True), torch.var_mean(x, [0, 1], correction=2.5))
print(torch.std_mean(torch.tensor([[1., 2.], [3., 5.]], dtype=torch.float64), unbiased=False))
print(torch.var_mean(torch.tensor([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7])))
y = torch.tensor([1.5], requires_grad=True)
v, m = torch.var_mean(y)
print(v, m)
v.backward()
print(y.grad)
z = torch.tensor([[3.0, 1.0]], requires_grad=True)
g, = torch.autograd.grad(torch.std_mean(z * z, 1)[0].sum(), z, create_graph=True)
print(g)
print(torch.autograd.grad(g.sum(), z))
w = x * 1
v, m = torch.var_mean(w, 1)
w.add_(1)
m.sum().backward()
