import torch
import torch.nn as nn

p = nn.Parameter(torch.tensor([1.0, 2.0, 3.0]))
print(p)
print([p, p])
print((p, 1))
q = nn.Parameter(torch.zeros(2, 2), requires_grad=False)
print(q)
print(p.requires_grad, p.is_leaf, q.requires_grad)
y = p * 2
print(y)
print(p.detach())
print(p.data)
print(p.sum())
(p ** 2).sum().backward()
print(p.grad)
d = nn.Parameter(torch.ones(2, dtype=torch.float64))
print(d)
t = torch.tensor([5.0, 6.0])
shared = nn.Parameter(t)
with torch.no_grad():
    shared.mul_(2)
print(t)
print(shared)
