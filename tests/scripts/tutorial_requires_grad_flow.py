import torch
a = torch.tensor([[1., 2.], [3., 4.]])
a = ((a * 3) / (a - 1))
print(a.requires_grad)
a.requires_grad_(True)
print(a.requires_grad)
b = (a * a).sum()
print(b.grad_fn)
print((a ** 2).requires_grad)
with torch.no_grad():
    print((a ** 2).requires_grad)
