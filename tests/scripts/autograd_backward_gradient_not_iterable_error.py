import torch
x = torch.tensor([2.0, 1.0], requires_grad=True)
y = (x * 3).sum()
y.backward(1.0)
