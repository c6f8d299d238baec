import torch
x = torch.tensor([1., 2.], requires_grad=True)
with torch.no_grad():
    y = x * 2
    print(y.requires_grad)
    print(y)
    print(torch.is_grad_enabled())
z = x * 2
print(z)
print(torch.is_grad_enabled())
