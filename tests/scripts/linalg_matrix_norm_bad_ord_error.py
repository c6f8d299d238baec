import torch
A = torch.ones(2, 3, requires_grad=True)
print(torch.linalg.matrix_norm(A, 2))
print(torch.linalg.matrix_norm(A, 3))
