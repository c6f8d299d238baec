import torch
a = torch.tensor([1., 2.], requires_grad=True)
b = torch.tensor([[3., 4.], [5., 6.]], requires_grad=True)
c = torch.cat([a.unsqueeze(0), b, b * 2])
print(c)
(c * torch.arange(10.).reshape(5, 2)).sum().backward()
print(a.grad, b.grad)
a.grad = None
s = torch.stack([a, b[0], a], dim=1)
print(s)
(s * torch.tensor([1., 2., 3.])).sum().backward()
print(a.grad, b.grad)
print(c.grad_fn, s.grad_fn, torch.concat((a, a)).grad_fn)
print(torch.cat([a, torch.tensor([7, 8])]), torch.stack([a, a.double()]).dtype)
