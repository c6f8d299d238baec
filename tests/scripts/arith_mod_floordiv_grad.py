# % and // on tensors that require grad, as PyTorch: x % number is RemainderBackward0 and x % y RemainderBackward1 (other's gradient -grad * (x // y), Python's floor: 1 // 0.1 is 9), number % x, x // number, number // x and x // y carry a NotImplemented node (edges only for inputs that require grad); remainder's zero keeps the dividend's sign; integer fmod
import torch
a = torch.tensor([1.0, 2.5, -1.25], requires_grad=True)
b = torch.tensor([0.7, -0.6, 0.9], requires_grad=True)
c = torch.tensor([0.7, -0.6, 0.9])
print(a % 0.7, (a % 0.7).grad_fn.name(), a.remainder(0.7))
for y in (a % b, 2.0 % a, 3 % a, torch.remainder(2.0, a), c % a, a // 0.5, 3 // a, a // b, c // a, a // c):
    print(y, y.grad_fn.name(), y.requires_grad, y.is_leaf, y.grad_fn.next_functions)
print((2.0 % a).grad_fn, (a // 0.5).grad_fn)
(a % 0.7).sum().backward()
print(a.grad)
a.grad = None
(a % b).sum().backward()
print(a.grad, b.grad)
x = a * 1
x //= 0.5
y = a * 1
y %= 0.7
print(x, y)
with torch.no_grad():
    print(a // 0.5, 2.0 % a)
p = torch.tensor([1.0, 7.0, -1.0, 5.0], dtype=torch.float64, requires_grad=True)
q = torch.full((4,), 0.1, dtype=torch.float64, requires_grad=True)
(p % q).sum().backward()
print(q.grad, p // 0.1, torch.div(p, 0.1, rounding_mode='floor'))
z = torch.tensor([-1.5, 1.5, -0.0, 3.0, -3.0])
print((z % 0.5).tolist(), (z % -0.5).tolist(), (3.0 % z).tolist())
i = torch.tensor([5, -7])
print(i // 2, i % 3, 7 // i, 7 % i, i // 2.5, torch.fmod(i, 3), torch.fmod(i, torch.tensor([3, -2])))
