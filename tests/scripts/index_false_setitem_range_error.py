# x[False, i] = v writes nothing, yet the int is still checked against its dim (and index_put_ runs:
# the version moves); a lone x[False] = v is skipped altogether
import torch
x = torch.ones(2, 3)
x[False] = 1.0
x[False, 1] = 2.0
x[False, 1, [0]] = 2.0
print(x, x._version)
x[False, 5] = 3.0
