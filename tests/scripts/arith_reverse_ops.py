import torch
a = torch.tensor([1., 2., 4.], requires_grad=True)
print(1 - a)
print(1 / a)
print(2 ** a)
print(10 / a + a / 10)
print(a - 0.5)
print(a ** 0.5)
print(a ** a)
