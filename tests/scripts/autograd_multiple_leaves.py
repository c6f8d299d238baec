import torch
a = torch.tensor(2., requires_grad=True)
b = torch.tensor(3., requires_grad=True)
c = a * b + b ** 2
print(c)
c.backward()
print(a.grad, b.grad)
d = torch.tensor(1.)
print(d.grad)
