import torch
# PyTorch names the position of the input the graph does not reach
x = torch.tensor(2.0, requires_grad=True)
y = torch.tensor(3.0, requires_grad=True)
print(torch.autograd.grad(x * 2, [y, x], allow_unused=True))
g = torch.autograd.grad(x * 2, [x, torch.tensor(1.0, requires_grad=True)])
