# Writes through a view of an expanded tensor: a view whose own elements do
# not share memory writes the base (every row of the expansion shows it);
# one whose elements do is refused, as is the expanded tensor itself
import torch
b = torch.zeros(3)
x = b.expand(2, 3)
x[0] = 1
print(b, x)
x[1, 2] = 5
x[0][1] = 4
print(b)
x[0:1] = 2
x[1].mul_(3)
x[0] += 1
print(b, x._version, b._version)
c = torch.arange(6.0).reshape(2, 3)
y = c[:, :1].expand(2, 4)
y[:, 0] = 9
print(c)
w = torch.ones(3, requires_grad=True)
d = torch.zeros(3)
e = d.expand(2, 3)
e[0] = w * 2
print(e.grad_fn, d.grad_fn)
e.sum().backward()
print(w.grad)
x[:, 0] = 1
