import torch
x = torch.tensor([1., 2.], requires_grad=True)
print(x.dtype, x.requires_grad, x.is_leaf, x.grad_fn)
y = x * 2
print(y.requires_grad, y.is_leaf)
print(y.grad_fn)
print(y.grad_fn.name())
print(x.dtype == torch.float32)
c = torch.tensor([1., 2.])
print(c.requires_grad, c.is_leaf, c.grad)
