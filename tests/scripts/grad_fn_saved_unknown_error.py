import torch
x = torch.ones(2, requires_grad=True)
y = x.sum()
print(y.grad_fn.name())
print(y.grad_fn._saved_foo)
