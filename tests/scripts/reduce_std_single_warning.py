import torch
x = torch.tensor([2.], requires_grad=True)
s = x.std()
print(s)
s.backward()
print(x.grad)
print(torch.tensor([1., 2.]).var(correction=0))
