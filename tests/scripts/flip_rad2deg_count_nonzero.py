# fliplr, flipud, rad2deg and count_nonzero: values, grad_fn names, gradients,
# integer inputs, NaN and -0.0 counted, dims, and fliplr's error below 2-D
import torch
x = torch.arange(6.0).reshape(2, 3).requires_grad_()
a = x.fliplr()
b = torch.flipud(x)
c = x.rad2deg()
print(a, b, c, sep="\n")
print(a.grad_fn, b.grad_fn, c.grad_fn, c.grad_fn.next_functions)
(a * torch.arange(6.0).reshape(2, 3) + b * 2 + c).sum().backward()
print(x.grad)
print(torch.tensor([1, 2]).rad2deg(), torch.tensor([0.5], dtype=torch.float64).rad2deg(), torch.tensor(3.0).rad2deg())
print(torch.flipud(torch.arange(3)), torch.fliplr(torch.ones(2, 0)))
n = torch.tensor([[0.0, 1.0, float("nan")], [-0.0, 2.0, 0.0]])
print(torch.count_nonzero(n), n.count_nonzero(dim=0), torch.count_nonzero(n, dim=(0, 1)), n.count_nonzero(1))
print(torch.count_nonzero(torch.tensor(3.0), dim=0), torch.count_nonzero(torch.tensor([True, False, True])))
print(torch.count_nonzero(torch.arange(4), dim=-1))
torch.fliplr(torch.ones(3))
