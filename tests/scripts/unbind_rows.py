import torch
x = torch.tensor([[1., 2.], [3., 4.], [5., 6.]], requires_grad=True)
for r in x:
    print(r)
a, b, c = x
print(a, c)
rows = list(x)
print(rows[1])
u = torch.unbind(x, 1)
print(u)
v = x.unbind(dim=-1)
print(v[0].grad_fn)
y = (a * 2 + c * b).sum() + u[1].sum()
y.backward()
print(x.grad)
print(torch.unbind(torch.zeros(0, 3)))
print(torch.tensor([1, 2, 3]).unbind())
z = torch.arange(6.).reshape(2, 3).requires_grad_()
p, q = z.unbind(1)[0], torch.unbind(z)[1]
(p * q[:2]).sum().backward()
print(z.grad)
for k, row in enumerate(torch.ones(2, 2, requires_grad=True) * 3):
    print(k, row, row.grad_fn.name())
