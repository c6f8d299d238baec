import torch
A = torch.tensor([[1., 2.], [3., 5.]], requires_grad=True)
for o in ['nuc', 1, -2, 'fro', float('inf')]:
    r = torch.linalg.matrix_norm(A, o, dtype=torch.float64)
    print(r, r.dtype)
    r.backward()
    print(A.grad)
    A.grad = None
print(torch.linalg.matrix_norm(torch.tensor([[1, 2], [3, 4]]), 'fro', dtype=torch.float64))
