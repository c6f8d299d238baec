# x[False, ...] = v puts v into an empty selection: v must broadcast to its shape [0, 2, 3]
import torch
x = torch.ones(2, 3)
x[False, ...] = torch.ones(3)
x[False, 0] = torch.ones(1, 3)
print(x, x._version)
x[False, ...] = torch.ones(5)
