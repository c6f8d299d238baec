import torch
from torch import nn
from torch.autograd import Variable

torch.manual_seed(0)
w = torch.empty(3, 5, requires_grad=True)
r = nn.init.eye_(w)
print(r is w, w, w.requires_grad, w.is_leaf, w._version)
m = nn.Linear(4, 4)
nn.init.eye_(m.weight)
print(m.weight)
print(m(torch.tensor([1.0, 2.0, 3.0, 4.0])))
print(nn.init.eye_(torch.zeros(2, 3, dtype=torch.int64)))
print(nn.init.eye_(torch.zeros(4, 2, dtype=torch.float64)))

t = torch.tensor([1.0, 2.0, 3.0])
v = Variable(t, requires_grad=True)
print(v, type(v), v.is_leaf, v.grad_fn)
(v * v).sum().backward()
print(v.grad)
t[0] = 5.0
print(v, v._version)
u = torch.autograd.Variable(torch.ones(2))
print(u, u.requires_grad)
print(Variable(v * 2), Variable(v * 2, True).is_leaf)
print(Variable().shape, Variable().dtype)
print(Variable(torch.ones(1), volatile=True))
x = Variable(torch.linspace(-1, 1, 5), requires_grad=True)
y = (x ** 3 - 2 * x).sum()
y.backward()
print(x.grad)
