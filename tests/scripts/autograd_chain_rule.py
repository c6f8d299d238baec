import torch
x = torch.tensor([0.5, 1.0], requires_grad=True)
u = x.exp()
v = x.sin()
z = (u * v).sum()
print(u, v, z, sep="\n")
z.backward()
print(x.grad)
