# a backward through number % x (remainder(number, tensor), which PyTorch does not differentiate): its error names aten::remainder
import torch
a = torch.tensor([1.0, 2.5, -1.25], requires_grad=True)
y = 2.0 % a
print(y, torch.remainder(2.0, a))
y.sum().backward()
