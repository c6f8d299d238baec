import torch
# ties: max()/min() share the gradient evenly, max(dim) sends it to the returned index
x = torch.tensor([[1., 3., 3.], [3., 2., 0.]], requires_grad=True)
x.max().backward()
print(x.grad)
x.grad = None
x.min().backward()
print(x.grad)
x.grad = None
v, i = x.max(dim=1)
print(v, i)
v.sum().backward()
print(x.grad)
x.grad = None
x.amax(1).sum().backward()
print(x.grad)
x.grad = None
x.amin(dim=(0, 1)).backward()
print(x.grad)
