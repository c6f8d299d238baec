import torch
x = torch.tensor([2.0, 1.0], requires_grad=True)
y = x * 3
# accepted: a gradient of another float dtype, a tuple with None for a
# one-element output, and more gradients than outputs (the extra are ignored)
print(torch.autograd.grad(y, x, grad_outputs=torch.ones(2, dtype=torch.float64), retain_graph=True))
print(torch.autograd.grad([y[0], y[1]], x, (torch.tensor(2.0), None), retain_graph=True))
print(torch.autograd.grad([y], [x], grad_outputs=[torch.ones(2), torch.ones(5)], retain_graph=True))
s = x.sum()
# as many elements as the output but another shape: PyTorch's shape error
print(torch.autograd.grad(s, x, grad_outputs=torch.ones(1)))
