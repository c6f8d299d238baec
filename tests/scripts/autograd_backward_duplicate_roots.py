import torch
x = torch.tensor([1., 2.], requires_grad=True)
y = (x * x).sum()
torch.autograd.backward([y, y])
print(x.grad)
z = x * 3
z.register_hook(lambda g: print("hook z", g))
torch.autograd.backward([z, z, z.sum()], [torch.ones(2), torch.tensor([1., 5.]), None])
print(x.grad)
w = x.exp()
torch.autograd.backward((w, w), (torch.ones(2), torch.ones(2)), retain_graph=True)
print(x.grad)
print(torch.autograd.grad([w, w], [x], [torch.ones(2), torch.tensor([2., 3.])]))
