import torch
# copy_ into a saved tensor: its producer is now the hand-written CopyBackwards
x = torch.tensor([1.0, 2.0], requires_grad=True)
a = x * 1
b = a.sin()
a.copy_(torch.tensor([3.0, 4.0], requires_grad=True))
b.sum().backward()
