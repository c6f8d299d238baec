import torch
x = torch.arange(6.).requires_grad_()
y = x * 2
v = y[1:3]
w = y.view(2, 3)
u = v.unsqueeze(0)
t = w.t()
y.add_(1)
print(y.grad_fn, y.grad_fn.next_functions)
print(v.grad_fn, v.grad_fn.next_functions)
print(w, u, t)
z = v * 2
print(z.grad_fn.next_functions)
(v.sum() + w.sum() + u.sum() + (t * t).sum()).backward()
print(x.grad)
