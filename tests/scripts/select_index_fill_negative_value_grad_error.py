# index_fill with a tensor value and a negative index: its backward fails in index_select, as PyTorch's does
import torch
x = torch.ones(3, 4, requires_grad=True)
v = torch.tensor(5., requires_grad=True)
r = x.index_fill(0, torch.tensor([-1]), v)
print(r)
r.sum().backward()
