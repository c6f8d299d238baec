import torch
x = torch.ones(2)
print(x.grad, x.grad_fn)
y = (x * 2).sum()
y.backward()
