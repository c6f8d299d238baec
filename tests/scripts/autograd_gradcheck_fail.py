import torch

def distorted(a):
    y = a * 2
    y.register_hook(lambda g: g * 3)
    return y


x = torch.tensor([1., 2.], dtype=torch.float64, requires_grad=True)
print(torch.autograd.gradcheck(distorted, (x,), raise_exception=False))
print(torch.autograd.gradgradcheck(lambda a: distorted(a).pow(2), (x,), raise_exception=False))
print(torch.autograd.gradcheck(lambda a: a ** 3, (torch.tensor([1., 2.], requires_grad=True),), raise_exception=False))
torch.autograd.gradcheck(distorted, (x,))
