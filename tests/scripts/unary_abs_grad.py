import torch
x = torch.tensor([-2., 0., 3.], requires_grad=True)
x.abs().sum().backward()
print(x.grad)
y = torch.tensor([0.], requires_grad=True)
y.sqrt().backward()
print(y.grad)
