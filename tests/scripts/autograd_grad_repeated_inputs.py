import torch
# an input named twice gets its gradient at each place
x = torch.tensor(2.0, requires_grad=True)
y = torch.tensor(3.0, requires_grad=True)
print(torch.autograd.grad(x * y, [x, x, y], retain_graph=True))
print(torch.autograd.grad(x * 2, [x, y, x], allow_unused=True))
v = x * 3
print(torch.autograd.grad(v * 2, [v, x, v]))
print(torch.autograd.grad(x * x, (y, x), allow_unused=True))
torch.autograd.grad(x * 2, [x, x, y, y])
