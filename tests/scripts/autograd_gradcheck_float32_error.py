import torch
x = torch.tensor([[1., 2.], [3., 0.5]], requires_grad=True)
torch.autograd.gradcheck(lambda a: (a ** 3).sum(0), (x,))
