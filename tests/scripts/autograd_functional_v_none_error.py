import torch
x = torch.tensor([1., 2.])
print(torch.autograd.functional.vjp(lambda a: a.sum(), torch.tensor(3.)))
print(torch.autograd.functional.jvp(lambda a: a * a, x))
