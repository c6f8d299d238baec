import torch
x = torch.tensor([[1., -1.], [2., 0.]], requires_grad=True)
w = torch.tensor([0.5, 3.], requires_grad=True)
y = torch.where(x > 0, x * w, w)
print(y)
y.sum().backward()
print(x.grad, w.grad)
print(torch.where(x > 0, 1, 0), torch.where(x > 0, x, 0.).grad_fn, x.where(x > 0, -1.))
print(torch.where(x > 0))
