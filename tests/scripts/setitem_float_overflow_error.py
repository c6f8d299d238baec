import torch

f = torch.zeros(2)
f[0] = 3.4e38
print(f)
f[1] = 1e40
