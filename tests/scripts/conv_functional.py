import torch
import torch.nn.functional as F

torch.manual_seed(0)
x = torch.randn(2, 2, 5, 5, requires_grad=True)
w = torch.randn(3, 2, 3, 3, requires_grad=True)
b = torch.randn(3, requires_grad=True)
y = F.conv2d(x, w, b, stride=(2, 1), padding=1, dilation=(1, 2))
print(y)
print(y.grad_fn, len(y.grad_fn.next_functions))
(y ** 2).sum().backward()
print(x.grad[0, 0])
print(w.grad[1])
print(b.grad)

# padding="same" and "valid", 1-D and 3-D, unbatched inputs, groups
print(F.conv2d(x, w, padding="same").shape, F.conv2d(x, w, padding="valid").shape)
s = torch.randn(3, 8, requires_grad=True)
u = F.conv1d(s, torch.randn(4, 3, 2), stride=2)
print(u, u.grad_fn)
u.sum().backward()
print(s.grad)
v = torch.conv2d(torch.randn(1, 4, 5, 5), torch.randn(4, 1, 3, 3), groups=4, padding="same")
print(v.sum())
z = F.conv3d(torch.randn(1, 2, 4, 4, 3), torch.randn(2, 2, 2, 3, 2), torch.randn(2))
print(z.shape, z.sum())
print(F.conv2d(x.detach().long(), w.detach().long()).dtype)

# a gradient of a gradient
g = torch.randn(1, 1, 6, 6, requires_grad=True)
k = torch.randn(2, 1, 3, 3, requires_grad=True)
out = F.conv2d(g, k)
gx, gk = torch.autograd.grad((out * out).sum(), (g, k), create_graph=True)
print(gx.grad_fn, gk.grad_fn)
(gx.sum() + gk.sum()).backward()
print(g.grad)
print(k.grad)

# an even kernel's "same" padding pads the input on one side first
e = F.conv1d(torch.ones(1, 1, 5, requires_grad=True), torch.ones(1, 1, 2), padding="same")
print(e, e.grad_fn.next_functions[0][0])
