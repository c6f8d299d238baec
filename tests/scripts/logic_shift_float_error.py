# A shift of a float tensor is PyTorch's NotImplementedError naming its kernel
import torch

x = torch.tensor([1.0, 2.0], requires_grad=True)
print(torch.tensor([1, 2]) << 1)
y = x << 1
