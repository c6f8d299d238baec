import torch

# PyTorch's integer pow: a negative exponent gives 1 for a base of 1, +-1 for -1, 0 for any other base
print(2 ** torch.tensor([-1, 2]), torch.tensor([1, 2]) ** torch.tensor([-1, 2]))
print(torch.tensor([1, -1, 0, 2, -2, -1, 5]) ** torch.tensor([-1, -1, -1, -1, -2, -3, -4]))
print(torch.pow(2, torch.tensor([-1, 0, 3])), (-1) ** torch.tensor([-1, -2, 3]), 1 ** torch.tensor([-7]))
print(0 ** torch.tensor([-1, 2]), torch.tensor(2) ** torch.tensor(-1), True ** torch.tensor([-1, 2]))
print(torch.tensor([1, 2], dtype=torch.int32) ** torch.tensor([-1, 2], dtype=torch.int8))
print(torch.tensor([1, 2], dtype=torch.uint8) ** torch.tensor([-1, 2]))
print(torch.tensor([[-1], [1], [3]]).pow(torch.tensor([-2, -1, 0, 1])))
print(torch.tensor([1., 2.]) ** torch.tensor([-1, 2]), torch.tensor([2, 4]) ** torch.tensor([-1., 0.5]))
print(torch.tensor([5, 6]) ** torch.tensor([40, 30]), 2.5 ** torch.tensor([-1, 2]))

# the builtin pow is Python's: a tensor's __pow__ and __rpow__
print(pow(2, 10), pow(2.0, 0.5), pow(3, 2, 5), pow(2, -1))
x = torch.tensor([1., 2.], requires_grad=True)
y = pow(x, 3)
y.sum().backward()
print(y, x.grad, pow(2, x), pow(torch.tensor([2, 3]), torch.tensor([-1, 2])), pow(x, 2, None))
print(pow(base=torch.tensor([3]), exp=2), pow(torch.tensor(2.), -1))
