import torch
# out= of all and any: a bool tensor, resized with the warning; any other dtype is an error
a = torch.tensor([[1.0, 0.0], [2.0, 3.0]])
o = torch.empty(5, dtype=torch.bool)
print(torch.all(a, out=o), o)
print(torch.any(a, 1, out=torch.empty(0, dtype=torch.bool)))
print(torch.all(a, 1, True, out=torch.empty(3, 3, dtype=torch.bool)))
x = torch.ones(2, requires_grad=True)
print(torch.any(x > 0, out=torch.empty(2, dtype=torch.bool)))
print(torch.all(x, out=torch.empty((), dtype=torch.bool)))
torch.all(a, out=torch.empty(1, dtype=torch.long))
