import torch
x = torch.tensor([1., 2.], requires_grad=True)
y = x * 2
print(y)
y.detach_()
print(y)
print(y.requires_grad, y.grad_fn, y.is_leaf)
