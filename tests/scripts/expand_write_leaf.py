# A view of an expanded leaf that requires grad cannot be written in place
import torch
b = torch.zeros(3, requires_grad=True)
x = b.expand(2, 3)
x[0] = 1
