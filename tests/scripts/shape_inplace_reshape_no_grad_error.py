import torch

# under no_grad the reshape records no node: the gradient then arrives in
# the new shape where the old node expects the old one
x = torch.ones(2, 3, requires_grad=True)
y = x * 2
f = y.sum(0)
with torch.no_grad():
    y.t_()
print(y.shape, y.grad_fn)
g = y[1].sum()
(f.sum() + g).backward()
