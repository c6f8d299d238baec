import torch
x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
m = x.mean()
print(m)
m.backward()
print(x.grad)
x.grad = None
s = x.sum(dim=0)
print(s)
(s * torch.tensor([1., 10.])).sum().backward()
print(x.grad)
print(x.sum(1, keepdim=True))
