import torch
x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
w = torch.tensor([[0.5, -1.], [2., 1.]], requires_grad=True)
y = x * w
print(y.grad_fn._saved_self, y.grad_fn._saved_other, y.grad_fn._saved_self is x, y.grad_fn._saved_other is w)
z = x * 2
print(repr(z.grad_fn._saved_other), z.grad_fn._saved_self)
print(repr((x * 2.5).grad_fn._saved_other), repr((x / 2).grad_fn._saved_other), (x / w).grad_fn._saved_self)
a = x + w
print(a.grad_fn._saved_alpha, torch.add(x, w, alpha=2).grad_fn._saved_alpha, (x - 1).grad_fn._saved_alpha, (1 - x).grad_fn._saved_alpha)
p = x ** 2
print(p.grad_fn._saved_exponent, p.grad_fn._saved_self is x, (x ** 2.5).grad_fn._saved_exponent)
q = x ** w
print(q.grad_fn._saved_exponent is w, q.grad_fn._saved_self is x, q.grad_fn._saved_result)
r = 2 ** x
print(r.grad_fn._saved_self, r.grad_fn._saved_exponent is x, r.grad_fn._saved_result)
e = x.exp()
print(e.grad_fn._saved_result, e.grad_fn._saved_result is e)
print(x.log().grad_fn._saved_self is x, x.tanh().grad_fn._saved_result, x.sigmoid().grad_fn._saved_result)
print(x.relu().grad_fn._saved_result, x.sqrt().grad_fn._saved_result, x.abs().grad_fn._saved_self is x)
print(x.sum().grad_fn._saved_self_sym_sizes, x.sum(1).grad_fn._saved_keepdim, x.sum(1).grad_fn._saved_self_sym_sizes)
print(x.mean().grad_fn._saved_self_sym_numel, x.mean(0, keepdim=True).grad_fn._saved_keepdim)
print(x.view(4).grad_fn._saved_self_sym_sizes, x[0].grad_fn._saved_self_sym_sizes, x[[0, 1]].grad_fn._saved_self_sym_sizes)
m = x @ w
print(m.grad_fn._saved_self is x, m.grad_fn._saved_mat2 is w)
print(x.max().grad_fn._saved_self is x, x.max().grad_fn._saved_result, x.clamp(0, 2).grad_fn._saved_self is x)
c = x.detach() * w
print(c.grad_fn._saved_self, c.grad_fn._saved_other)
print(x.sum().grad_fn.metadata)
fn = (x * x).grad_fn
fn.metadata["note"] = 1
print(fn.metadata, fn.name())
k = (x * w).sum()
g = k.grad_fn.next_functions[0][0]
k.backward(retain_graph=True)
print(g._saved_self is x)
k.backward()
print(x.grad)
print(g._saved_other)
