import torch

b = torch.zeros(2)
b[0] = 2**63 - 1
print(b)
b[1] = 2**63
