import torch
A = torch.ones(2, 3, 2)
print(torch.norm(A[0], p="nuc"))
print(torch.norm(A, p="nuc"))
