# F.pad(mode='circular'): wrap-around in 1-3 dims, negative pads, corners
# written twice, and pads wider than the middle a negative pad leaves, where
# PyTorch's copy forwards repeats what it has just written (its gradient
# follows the graph, not those repeats)
import torch
import torch.nn.functional as F
x = torch.arange(6.0).view(1, 2, 3).requires_grad_()
y = F.pad(x, (2, 1), mode="circular")
print(y, y.grad_fn, y.grad_fn.next_functions)
(y * torch.arange(12.0).view(1, 2, 6)).sum().backward()
print(x.grad)
z = torch.arange(12.0).view(1, 1, 3, 4).requires_grad_()
w = F.pad(z, (1, -1, 2, 1), mode="circular")
(w * torch.arange(float(w.numel())).view(w.shape)).sum().backward()
print(w, z.grad)
v = torch.arange(8.0).view(2, 1, 4).requires_grad_()
u = F.pad(v, (-3, 2), mode="circular")
(u * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
print(u, v.grad)
r = torch.arange(24.0).view(2, 1, 3, 4).requires_grad_()
q = F.pad(r, (1, 1, -2, 2), mode="circular")
q.sum().backward()
print(q, r.grad)
print(F.pad(torch.arange(6).view(2, 3), (1, 1), mode="circular"), F.pad(torch.ones(0, 2, 3), (1, 1), mode="circular").shape)
F.pad(torch.arange(4.0).view(1, 1, 4), (-3, 2), mode="circular")
