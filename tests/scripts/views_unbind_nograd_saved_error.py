import torch
# backward unpacks a saved view of several outputs that no_grad modified: the view's error comes first
x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
a, b = (x * 1).unbind(0)
c = a.sin()
with torch.no_grad():
    a.mul_(2)
c.sum().backward()
