import torch
from torch.autograd.functional import jacobian
x = torch.tensor([1., 2.])
y = torch.tensor([3., 4.])
print(jacobian(lambda a, b: a * 2, (x, y)))
print(jacobian(lambda a, b: a * 2, (x, y), strict=True))
