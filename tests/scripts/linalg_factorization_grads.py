# Gradients of torch.linalg's factorizations: PyTorch's backward formulas,
# printed at PyTorch's precision (float64 inputs), and their errors
import torch
torch.manual_seed(0)
A = torch.randn(3, 3, dtype=torch.float64, requires_grad=True)
W = torch.randn(3, 3, dtype=torch.float64)
Q, R = torch.linalg.qr(A)
((Q * W).sum() + (R * W.T).sum()).backward()
print(A.grad)
A.grad = None
L, V = torch.linalg.eigh(A @ A.T)
((L * W[0]).sum() + (V * W).sum()).backward()
print(A.grad)
A.grad = None
U, S, Vh = torch.linalg.svd(A)
((U * W).sum() + S.sum() + (Vh * W.T).sum()).backward()
print(A.grad)
A.grad = None
(torch.linalg.cholesky(A @ A.T + torch.eye(3, dtype=torch.float64)) * W).sum().backward()
print(A.grad)
A.grad = None
torch.linalg.slogdet(A).logabsdet.backward()
print(A.grad)
A.grad = None
B = torch.randn(3, 2, dtype=torch.float64, requires_grad=True)
X = torch.linalg.solve(A, B)
(X * X).sum().backward()
print(A.grad, B.grad)
A.grad = None
torch.linalg.pinv(A[:, :2]).pow(2).sum().backward()
print(A.grad)
g, = torch.autograd.grad(torch.logdet(A @ A.T), A, create_graph=True)
print(g, torch.autograd.grad(g.sum(), A))
T = torch.randn(2, 4, 3, requires_grad=True)
torch.svd(T).V.sum().backward()
print(T.grad)
A.grad = None
(torch.linalg.matrix_exp(A) * W).sum().backward()
print(A.grad)
A.grad = None
B.grad = None
sol = torch.linalg.lstsq(A[:, :2], B).solution
(sol * sol).sum().backward()
print(A.grad, B.grad)
torch.linalg.qr(A, mode='r').R.sum().backward()
