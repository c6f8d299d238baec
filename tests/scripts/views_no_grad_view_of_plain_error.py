import torch
b = torch.zeros(4)
a = torch.ones(2, requires_grad=True)
with torch.no_grad():
    v = b[0:2]
print(v.requires_grad)
v.add_(a)
