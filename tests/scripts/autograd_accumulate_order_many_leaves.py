import torch
ls = [torch.tensor(float(i), requires_grad=True) for i in range(7)]
for i, t in enumerate(ls):
    t.register_hook(lambda g, i=i: print("leaf", i, g))
y = ls[0] * ls[1] + ls[2] * ls[3] * ls[4] + (ls[5] + ls[6]) * ls[0] + ls[3] * ls[6]
y.backward()
s = sum(t * (k + 1) for k, t in enumerate(ls))
s.backward()
torch.autograd.backward([ls[2] * 2, ls[5] * ls[1], (ls[4] + ls[3] + ls[0]).exp()])
