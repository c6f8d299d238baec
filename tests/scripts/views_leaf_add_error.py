import torch
x = torch.arange(6.).requires_grad_()
v = x[0]
print(v, v._is_view(), v._base is x, v.is_leaf, v.requires_grad)
v.add_(1)
