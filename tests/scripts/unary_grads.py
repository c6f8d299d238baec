import torch
x = torch.tensor([0.5, 1., 4.], requires_grad=True)
y = x.sqrt() + x.log() + x.sigmoid() + x.tanh()
print(y)
y.sum().backward()
print(x.grad)
r = torch.tensor([-1., 2.], requires_grad=True)
r.relu().sum().backward()
print(r.grad)
