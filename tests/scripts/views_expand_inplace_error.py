import torch
x = torch.ones(1, 3)
e = x.expand(2, 3)
print(e._is_view())
e.add_(1)
