import torch
x = torch.arange(6.).requires_grad_()
a = torch.tensor([10., 20.], requires_grad=True)
y = x * 2
y[0:2] = a
print(y, y.grad_fn, y.grad_fn.next_functions)
y.sum().backward()
print(x.grad, a.grad)
x.grad = None
a.grad = None
y = x * 2
y[[0, 2]] = a
print(y, y.grad_fn, y.grad_fn.next_functions)
(y * y).sum().backward()
print(x.grad, a.grad)
x.grad = None
y = x * 2
y[y > 4] = 0.
print(y, y.grad_fn.next_functions)
(y * y).sum().backward()
print(x.grad)
y = x * 2
y[1] = 5
print(y, y.grad_fn.next_functions)
y = x * 2
v = y.view(2, 3)
v[1, 0:2] = a
print(v.grad_fn, y.grad_fn, y.grad_fn.next_functions)
y = x * 2
y[0] += 1
print(y, y.grad_fn.next_functions)
y = x * 2
y[[0, 1]] += 1
print(y, y.grad_fn.next_functions)
y = x * 2
v = y[1:4]
v[0] = 100
print(v.grad_fn, v.grad_fn.next_functions, y.grad_fn.next_functions, y)
b = torch.zeros(4)
b[1:3] = a
print(b, b.grad_fn.next_functions)
