import torch
A = torch.tensor([[1, 2], [3, 4]])
print(torch.linalg.matrix_norm(A.float(), "nuc"))
print(torch.linalg.matrix_norm(A, "nuc"))
