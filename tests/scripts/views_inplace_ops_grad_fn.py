import torch
x = torch.arange(4.).requires_grad_()
a = torch.tensor(2., requires_grad=True)
y = x * 2
y.mul_(a)
print(y, y.grad_fn.next_functions)
y.sum().backward()
print(x.grad, a.grad)
y = x * 2
y.zero_()
print(y)
y = x * 2
y.fill_(1)
print(y)
y = x * 2
y.copy_(torch.ones(4))
print(y, y.grad_fn.next_functions)
y = x * 2
y[0:2].copy_(torch.ones(2, dtype=torch.float64, requires_grad=True))
print(y, y.grad_fn.next_functions)
