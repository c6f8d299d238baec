import torch
x = torch.tensor([1., 2.], requires_grad=True)
y = x * 2
y.sum().backward()
print(x.grad)
print(y.grad)
print("after")
