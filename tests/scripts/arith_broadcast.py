import torch
x = torch.tensor([[1., 2., 3.], [4., 5., 6.]], requires_grad=True)
b = torch.tensor([10., 20., 30.], requires_grad=True)
y = x + b
print(y)
c = torch.tensor([[1.], [2.]])
print(c * torch.tensor([[1., 2., 3.]]))
(y * c).sum().backward()
print(x.grad)
print(b.grad)
print((torch.ones(3, 1) + torch.ones(4)).shape)
