import torch
x = torch.arange(6.).requires_grad_()
v = x.view(2, 3)
print(v._base is x, v.grad_fn)
v[0] = 1.
