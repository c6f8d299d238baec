import torch
x = torch.tensor([2.0, 1.0], requires_grad=True)
y = (x * 3).sum()
# a gradient must be a Tensor or None, not a number or a list
print(torch.autograd.grad(y, x, grad_outputs=[1.0]))
