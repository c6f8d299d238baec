import torch
a = torch.ones(2, requires_grad=True)
b = a * 2
c = b * 3
print(a.retains_grad, b.retains_grad)
b.retain_grad()
a.retain_grad()
print(a.retains_grad, b.retains_grad, c.retains_grad, torch.ones(2).retains_grad)
c.sum().backward()
print(b.grad, a.grad)
