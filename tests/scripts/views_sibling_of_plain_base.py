import torch
b = torch.zeros(4)
c = torch.tensor([1., 2.], requires_grad=True)
v1 = b[0:2]
v2 = b[2:4]
v1.add_(c)
z = v2 * 2
print(z, z.requires_grad)
t = v2.exp()
print(t)
(z.sum() + t.sum() + (v1 * v1).sum()).backward()
print(c.grad)
