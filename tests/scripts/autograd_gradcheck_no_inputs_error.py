import torch
x = torch.tensor([1., 2.], dtype=torch.float64)
torch.autograd.gradcheck(lambda a: a * 2, (x,))
