import torch
x = torch.ones(3, requires_grad=True)
y = x * 2
print(y[...], y[...]._is_view())
y[...] = 1
print(y, y.grad_fn.next_functions)
x[...] = 1
