# x[False] = v writes nothing, but v must still be a tensor or a number
import torch
x = torch.ones(2, 3)
x[False] = torch.ones(9)
x[False] = 2
print(x, x._version)
x[False] = 'a'
