import torch
a = torch.ones(2, 3)
print(a @ torch.ones(3, 2))
a @ torch.ones(2, 3)
