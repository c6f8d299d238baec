import torch
import torch.nn.functional as F

# matmul folds a batch into one mm/mv only when the smaller side requires grad
# or the fold costs no copy; otherwise it broadcasts and calls bmm
v = torch.tensor([1.0, 2.0, 3.0])
b = torch.arange(12.0).reshape(2, 3, 2).requires_grad_()
y = v @ b
print(y, y.grad_fn, y.grad_fn.next_functions)
y.sum().backward()
print(b.grad)
m = torch.tensor([[1.0, 0.5, -1.0], [2.0, 0.0, 1.0]])
y = m @ b
print(y.grad_fn, y.grad_fn.next_functions)
m.requires_grad_()
y = m @ b
print(y.grad_fn, y.grad_fn.next_functions)
y.sum().backward()
print(m.grad)
x = torch.arange(12.0).reshape(2, 3, 2).requires_grad_().transpose(1, 2)
w = torch.tensor([[1.0, 0.0], [0.5, -1.0], [2.0, 1.0]])
y = x @ w
print(y, y.grad_fn, y.grad_fn.next_functions)

# linear with a bias: a contiguous input goes through addmm, any other
# input through matmul and then an in-place add of the bias
weight = torch.tensor([[1.0, -1.0, 0.5], [0.0, 2.0, 1.0]], requires_grad=True)
bias = torch.tensor([0.25, -0.5], requires_grad=True)
out = F.linear(x, weight, bias)
print(out, out.grad_fn, out.grad_fn.next_functions)
out.sum().backward()
print(weight.grad, bias.grad)
out = F.linear(x, weight, torch.tensor([1.0, 2.0], dtype=torch.float64))
print(out)
out = F.linear(torch.arange(6.0).reshape(1, 2, 3), weight, bias)
print(out.grad_fn, out.grad_fn.next_functions)
out = F.linear(torch.ones(2, 3), weight, torch.tensor([[1.0], [2.0]]))
print(out, out.grad_fn)
out = torch.addmm(torch.tensor([1.0, 2.0]), torch.ones(3, 2), torch.ones(2, 2))
print(out)
print(F.linear(torch.ones(2, 3, dtype=torch.long), torch.ones(4, 3, dtype=torch.long), torch.ones(4, dtype=torch.long)))
