import torch
x = torch.tensor([[3., -4., 0.], [0., 0., 0.]], requires_grad=True)
print(x.norm(), x.norm(1), x.norm(dim=1), x.norm(float('inf')), torch.norm(x, p=3, dim=0, keepdim=True))
x.norm(dim=1).sum().backward()
print(x.grad)
x.grad = None
x.norm(p=1).backward()
print(x.grad)
x.grad = None
x.norm(float('inf'), dim=1).sum().backward()
print(x.grad)
x.grad = None
x.norm(3).backward()
print(x.grad)
print(x.norm().grad_fn)
