import torch
x = torch.tensor(2.0, requires_grad=True)
y = x * 3
# fewer gradients than outputs
print(torch.autograd.grad([y, y], [x], grad_outputs=[None]))
