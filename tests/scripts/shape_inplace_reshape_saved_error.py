import torch

x = torch.tensor([[1., 2., 3.], [4., 5., 6.]], requires_grad=True)
w = x * 1
s = (w * w).sum()
w.t_()
print(w.grad_fn, w._version)
s.backward()
