import torch

a = torch.zeros(3, dtype=torch.int32)
a[1:] = 2**31 - 1
print(a)
a[a == 0] = 2**31
