import torch
# out= with an argument that requires grad: allowed under no_grad, else the error (outer names mul)
x = torch.ones(2, requires_grad=True)
a = torch.ones(2, 2)
with torch.no_grad():
    print(torch.matmul(x, a, out=torch.empty(2)))
print(torch.outer(x, x, out=torch.empty(0)))
