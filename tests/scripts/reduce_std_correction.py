import torch
x = torch.tensor([[1., 2., 4.], [3., 5., 9.]], requires_grad=True)
print(x.std(correction=0), x.var(unbiased=False), x.std(1, keepdim=True))
print(torch.var(x, dim=0, correction=0), torch.std(x, (0, 1)), x.var(1, True))
s = x.std(correction=0)
s.backward()
print(x.grad)
x.grad = None
x.var(dim=1).sum().backward()
print(x.grad)
x.grad = None
x.std(0, unbiased=False).sum().backward()
print(x.grad)
print(x.std().grad_fn, x.var(0).grad_fn)
