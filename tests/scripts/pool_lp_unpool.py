import torch
import torch.nn.functional as F

torch.manual_seed(5)
x = torch.randn(2, 3, 6, 7, requires_grad=True)
p2 = F.lp_pool2d(x, 2, (2, 3))
p1 = F.lp_pool1d(x[0], 3, 2, 1, ceil_mode=True)
p3 = F.lp_pool3d(x, 1.5, 2)
pinf = F.lp_pool2d(x, float("inf"), 2)
print(p2, p2.grad_fn, p2.grad_fn.next_functions)
print(p1[0], p1.grad_fn)
print(p3.grad_fn, pinf.grad_fn)
(p2.sum() + p1.sum() + p3.sum() + pinf.sum()).backward()
print(x.grad[1, 2])

# max unpooling undoes a max pooling from its indices
y, i = F.max_pool2d(x, 2, return_indices=True)
u = F.max_unpool2d(y, i, 2, output_size=x.shape[-2:])
print(u[0, 0], u.grad_fn, u.grad_fn._saved_indices.shape)
y1, i1 = F.max_pool1d(x[0], 3, 2, return_indices=True)
u1 = F.max_unpool1d(y1, i1, 3, 2)
print(u1.shape, u1.grad_fn, u1.grad_fn.next_functions[0][0].name())
v = torch.randn(1, 2, 4, 4, 4, requires_grad=True)
y3, i3 = F.max_pool3d(v, 2, return_indices=True)
u3 = F.max_unpool3d(y3, i3, 2, output_size=[1, 2, 5, 5, 5])
print(u3.shape, u3.grad_fn)
w = torch.randn(u.shape)
(u * w).sum().backward(retain_graph=True)
print(x.grad[0, 0])
# two values with one index: the later one stays
print(F.max_unpool2d(torch.tensor([[[[1., 2.], [3., 4.]]]]), torch.tensor([[[[0, 0], [5, 5]]]]), 2))
go = torch.randn(u.shape, requires_grad=True)
g, = torch.autograd.grad(u, y, go, create_graph=True)
print(g.grad_fn, g.grad_fn.next_functions[0][0].name())
