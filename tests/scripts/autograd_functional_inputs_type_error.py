import torch
x = torch.tensor([1., 2.])
print(torch.autograd.functional.jacobian(lambda a: a * a, [x, x]))
