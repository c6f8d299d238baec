import torch, math
A = torch.tensor([[1., -2., 3.], [0.5, 4., -1.], [2., 0., 1.5]], requires_grad=True)
B = torch.tensor([[[1., 2.], [3., -4.], [0., 1.]], [[3., -1.], [1., 1.], [3., 0.5]]], requires_grad=True)
for o in ['fro', 'nuc', 1, -1, 2, -2, math.inf, -math.inf]:
    r = torch.linalg.matrix_norm(A, o)
    print(o, r)
    r.backward()
    print(A.grad)
    A.grad = None
    q = torch.linalg.matrix_norm(B, ord=o, dim=(0, 2), keepdim=True)
    print(q)
    (q * torch.arange(1., 4.).reshape(1, 3, 1)).sum().backward()
    print(B.grad)
    B.grad = None
n = torch.norm(A, p='nuc')
print(n, A.norm(p='nuc'), torch.linalg.norm(A, 'nuc'), torch.linalg.norm(A, -2))
g, = torch.autograd.grad(n, A)
print(g)
