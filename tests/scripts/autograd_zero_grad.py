import torch
x = torch.tensor([1., 2.], requires_grad=True)
(3 * x).sum().backward()
print(x.grad)
x.grad.zero_()
print(x.grad)
(x * x).sum().backward()
print(x.grad)
x.grad = None
print(x.grad)
(x * 5).sum().backward()
print(x.grad)
