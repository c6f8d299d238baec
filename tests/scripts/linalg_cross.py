# torch.cross / torch.linalg.cross / x.cross: LinalgCrossBackward0, PyTorch's default dim
# (the first of size 3, with its warning once), broadcasting, integers, gradients
import torch
a = torch.tensor([[1.0, 2.0, 3.0], [0.5, -1.5, 2.0]], requires_grad=True)
b = torch.tensor([[0.25, -1.0, 4.0], [3.0, 1.0, -2.0]], requires_grad=True)
c = torch.cross(a, b)
print(c, torch.cross(a, b, dim=1), a.cross(b), a.cross(b, 1), torch.linalg.cross(a, b))
print(torch.cross(a.t(), b.t()))
print(torch.linalg.cross(a, b[:1]), torch.linalg.cross(a.t(), b.t(), dim=0))
(c * torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])).sum().backward()
print(a.grad, b.grad)
print(torch.cross(torch.tensor([1, 2, 3]), torch.tensor([4, 5, 6]), dim=0), torch.linalg.cross(torch.tensor([1, 0, 0], dtype=torch.int32), torch.tensor([0, 1, 0], dtype=torch.int32)))
x = torch.tensor([0.1, 0.2, 0.3], dtype=torch.float64, requires_grad=True)
y = torch.tensor([0.7, -0.4, 0.9], dtype=torch.float64, requires_grad=True)
z = torch.linalg.cross(x, y)
g, = torch.autograd.grad((z * z).sum(), x, create_graph=True)
print(z, g, torch.autograd.grad(g.sum(), y))
torch.cross(torch.ones(2, 4), torch.ones(2, 4))
