# x[True, :, idx] = v is index_put_: a number is taken in x's dtype, a tensor must have it
import torch
x = torch.zeros(2, 3)
x[True, :, [0, 2]] = 7
x[True, 1, True] = torch.tensor(5.0)
print(x)
x[True, :, [0, 2]] = torch.ones(2, 2, dtype=torch.int64)
