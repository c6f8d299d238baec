import torch
x = torch.tensor([1., 2.])
print(torch.autograd.functional.hessian(lambda a: a * a, x))
