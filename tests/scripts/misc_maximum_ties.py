import torch
x = torch.tensor([1., 2., 3.], requires_grad=True)
w = torch.tensor([2., 2., 1.], requires_grad=True)
y = torch.maximum(x, w)
print(y)
y.sum().backward()
print(x.grad, w.grad)
x.grad = None
w.grad = None
torch.minimum(x, w).sum().backward()
print(x.grad, w.grad)
print(torch.max(x, w), x.min(w))
