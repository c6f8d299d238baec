import torch
A = torch.ones(3)
print(torch.linalg.matrix_norm(A))
