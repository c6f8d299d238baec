# x <<= 1.5 on an integer tensor: the result type cannot be cast into it
import torch

y = torch.tensor([1, 2])
y >>= 1
print(y)
y <<= 1.5
