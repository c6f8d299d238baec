import torch
from torch.autograd.functional import jacobian, hessian, vjp, jvp, hvp, vhp
x = torch.tensor([[1., 2.], [3., 4.]])
with torch.no_grad():
    print(jacobian(lambda a: a.T @ a, x))
    print(vjp(lambda a: a.sum(0), x, torch.tensor([1., -1.])))
print(jacobian(lambda a: (a.sum(), a * 0 + 1), x))
print(jacobian(lambda a, b: a @ b, (x, x[0])))
print(hessian(lambda a: a.det(), x))
print(jvp(lambda a: (a * 2, a.sum()), x, torch.ones(2, 2)))
print(hvp(lambda a, b: (a * b).sum(), (x, x), (torch.ones(2, 2), torch.zeros(2, 2))))
print(vhp(lambda a: a.pow(3).sum(), x, torch.ones(2, 2), strict=True))
print(jacobian(lambda a: [a, a], x))
