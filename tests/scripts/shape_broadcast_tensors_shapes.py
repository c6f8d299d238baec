# torch.broadcast_tensors (a tuple of expanded views, ExpandBackward0; a tensor already of the
# common shape is returned itself) and torch.broadcast_shapes (a torch.Size)
import torch
x = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
y = torch.tensor([10.0, 20.0, 30.0], requires_grad=True)
z = torch.tensor([[[2.0]], [[3.0]]], requires_grad=True)
r = torch.broadcast_tensors(x, y, z)
print(type(r), len(r), [t.shape for t in r])
a, b, c = r
print(a, b.grad_fn, c.grad_fn.name(), b.is_contiguous())
print(torch.broadcast_tensors(x, y)[0] is x, torch.broadcast_tensors(x)[0] is x, torch.broadcast_tensors())
(a * b * c).sum().backward()
print(x.grad, y.grad, z.grad)
i, f = torch.broadcast_tensors(torch.tensor([1, 2]), torch.tensor([[0.5], [1.5]]))
print(i, f, i.dtype, f.dtype)
print(torch.broadcast_shapes((2, 1), (3,)), torch.broadcast_shapes(2, (3, 1)), torch.broadcast_shapes())
print(torch.broadcast_shapes(torch.Size([2]), [5, 2], None, 1), torch.broadcast_shapes((2, 0), (1,)), torch.broadcast_shapes(True))
print(type(torch.broadcast_shapes((1,), (4,))), torch.broadcast_shapes((1,), (4,)).numel())
with torch.no_grad():
    p, q = torch.broadcast_tensors(x, y)
print(p.requires_grad, q.grad_fn)
torch.broadcast_tensors(x * 1, y * 1)[1].mul_(2)
