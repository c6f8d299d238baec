import torch
# A number that PyTorch's signature takes as a Scalar (x ** 2, 1 - x, 2 ** x,
# x.remainder(2)) has no edge in next_functions; one wrapped into a Tensor slot
# (x + 2, x * 2, where(c, x, 0.)) shows as (None, 0).
x = torch.tensor([1.0, 2.0], requires_grad=True)
y = torch.tensor([1.0, 2.0])
print((x ** 2).grad_fn.next_functions)
print((1 - x).grad_fn.next_functions)
print((2 ** x).grad_fn.next_functions)
print(x.pow(3).grad_fn.next_functions, torch.pow(2, x).grad_fn.next_functions)
print(torch.rsub(x, 1).grad_fn.next_functions)
print(x.remainder(2).grad_fn.next_functions, x.fmod(2).grad_fn.next_functions)
print(torch.xlogy(x, 2.0).grad_fn.next_functions, torch.xlogy(2.0, x).grad_fn.next_functions)
print(torch.nn.functional.soft_margin_loss(x, y).grad_fn.next_functions)
print((x + 2).grad_fn.next_functions, (x * 2).grad_fn.next_functions, (2 / x).grad_fn.next_functions)
print((x - 1).grad_fn.next_functions, x.add(1).grad_fn.next_functions)
print(torch.where(x > 1, x, 0.0).grad_fn.next_functions, torch.where(x > 1, 0.0, x).grad_fn.next_functions)
print((x ** y).grad_fn.next_functions, (y ** x).grad_fn.next_functions, x.remainder(y).grad_fn.next_functions)
print(x.clamp(0, 1).grad_fn.next_functions, x.clamp(y, y + 1).grad_fn.next_functions)
print((x ** 2).grad_fn.next_functions[0][0].variable is x)
