import torch
x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
a = x[0]
b = x[:, 1]
c = x[x > 2]
print(a, b, c, sep="\n")
(a.sum() + b.sum() * 10 + c.sum() * 100).backward()
print(x.grad)
d = x[[1, 0]]
print(d)
