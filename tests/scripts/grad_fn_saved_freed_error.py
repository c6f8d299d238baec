import torch
x = torch.ones(2, requires_grad=True)
y = x.exp()
print(y.grad_fn._saved_result)
y.sum().backward()
print(x.grad)
print(y.grad_fn._saved_result)
