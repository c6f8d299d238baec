import torch
x = torch.tensor([1., 2.])
assert x.sum().item() == 3.0
print("ok")
assert x.sum().item() == 5.0
