# torch.cross / x.cross / torch.linalg.cross: dim given as a 0-d integer tensor (as PyTorch's
# parser takes it), out= of the input's dtype (resized with its warning, no dim warning with
# out=), gradients through a tensor dim
import torch
a = torch.tensor([[1.0, 2.0, 3.0], [0.5, -1.5, 2.0]], requires_grad=True)
b = torch.tensor([[0.25, -1.0, 4.0], [3.0, 1.0, -2.0]])
print(torch.cross(a, b, dim=torch.tensor(1)), torch.cross(a, b, torch.tensor(-1)))
print(a.cross(b, torch.tensor(1)), a.cross(b, dim=torch.tensor(1, dtype=torch.int32)))
print(torch.linalg.cross(a, b, dim=torch.tensor(1)), torch.linalg.cross(a.t(), b.t(), dim=torch.tensor(0, dtype=torch.uint8)))
torch.cross(a, b, dim=torch.tensor(1)).sum().backward()
print(a.grad)
x, y = a.detach(), b
o = torch.zeros(2, 3)
r = torch.cross(x, y, dim=1, out=o)
print(r is o, o)
o = torch.zeros(7)
print(torch.cross(x, y, out=o), o.shape)
print(torch.linalg.cross(x, y, out=torch.zeros(0)), torch.linalg.cross(x, y, dim=torch.tensor(1), out=torch.ones(2, 3)))
i = torch.tensor([[1, 0, 0], [0, 2, 0]])
print(torch.cross(i, i.flip(1), 1, out=torch.zeros(2, 3, dtype=torch.int64)))
d = torch.tensor([0.1, 0.2, 0.3], dtype=torch.float64)
print(torch.linalg.cross(d, d.flip(0), out=torch.empty(3, dtype=torch.float64)))
print(torch.cross(x, y, dim=None, out=None), torch.linalg.cross(input=x, other=y, out=None))
with torch.no_grad():
    print(torch.linalg.cross(a, b, out=torch.zeros(2, 3)))
torch.cross(x, y, dim=1, out=torch.zeros(2, 3, dtype=torch.float64))
