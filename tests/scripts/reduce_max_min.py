import torch
x = torch.tensor([[1., 2., 3.], [4., 5., 6.]], requires_grad=True)
print(x.max())
print(x.argmax(dim=0))
print(x.min(), x.argmin())
print(x.prod())
