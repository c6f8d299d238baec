# ravel (contiguous() then view(-1)) and reshape_as on contiguous and
# transposed inputs: values, grad_fn names and gradients
import torch
x = torch.arange(6.0).reshape(2, 3).requires_grad_()
y = x.t().ravel()
print(y, y.grad_fn, y.grad_fn.next_functions)
z = torch.ravel(x)
print(z.grad_fn, z.grad_fn.next_functions)
w = x.t().reshape_as(torch.ones(6))
v = x.reshape_as(torch.ones(3, 2))
print(w.grad_fn, w.grad_fn.next_functions, v.grad_fn)
(y * torch.arange(6.0)).sum().backward()
print(x.grad)
print(torch.tensor(3.0).ravel(), torch.ones(2, 0).ravel(), torch.ones(1).reshape_as(torch.ones(())))
x.ravel().reshape_as(torch.ones(4))
