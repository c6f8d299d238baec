import torch

# A leaf's .grad under backward(create_graph=True): PyTorch's AccumulateGrad
# copies the first gradient into the leaf's layout (CopyBackwards), adds the
# next ones out of place (AddBackward0), and keeps a gradient without
# history as it is.
x = torch.tensor([1., 2.], requires_grad=True)
(x ** 3).sum().backward(create_graph=True)
print(x.grad, x.grad.grad_fn.next_functions)
(x ** 2).sum().backward(create_graph=True)
print(x.grad, x.grad.grad_fn.next_functions)
h, = torch.autograd.grad(x.grad.sum(), x)
print(h)
y = torch.tensor([1., 2.], requires_grad=True)
g, = torch.autograd.grad((y ** 3).sum(), y, create_graph=True)
print(g)
z = torch.tensor([3.], requires_grad=True)
(z * 2).sum().backward(create_graph=True)
print(z.grad, z.grad.requires_grad)
b = torch.tensor([[1., 2., 3.], [4., 5., 6.]]).t().contiguous().t().requires_grad_()
((b * b) ** 2).sum().backward(create_graph=True)
print(b.grad, b.grad.is_contiguous(), b.grad.stride())
