import torch
x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
print(x.unbind(1))
print(torch.unbind(x, -2)[1])
print(x.unbind(2))
