import torch
w = torch.ones(2, requires_grad=True)
print(w.grad, torch.relu(w).grad_fn.name())
# a method called on None (no backward yet): Python's AttributeError
w.grad.zero_()
