import torch
from torch.autograd import gradcheck, gradgradcheck

x = torch.tensor([0.5, -1.25, 2.0], dtype=torch.float64, requires_grad=True)
y = torch.tensor([[1.5, 0.25], [-0.75, 3.0]], dtype=torch.float64, requires_grad=True)
print(gradcheck(lambda a: a.sin() * a ** 2, (x,)))
print(gradcheck(lambda a, b: (a.exp().sum() * b, b.tanh()), (x, y), eps=1e-6, atol=1e-5, rtol=1e-3))
print(torch.autograd.gradcheck(torch.sigmoid, x))
def f(a, b):
    return (a[:2] @ b).log_softmax(0)
print(gradcheck(f, [x, y]))
print(gradgradcheck(lambda a: (a ** 3).sum(), (x,)))
torch.manual_seed(0)
print(torch.autograd.gradgradcheck(lambda a, b: a.sin()[:2] * b[0], (x, y)))
print(gradcheck(lambda a: a * 2, (torch.tensor([1., 2.], requires_grad=True),), eps=1e-3, atol=1e-3))
print(gradcheck(lambda a, c: a * c, (x, torch.tensor([1., 2., 3.], dtype=torch.float64))))
