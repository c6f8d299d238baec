import torch
x = torch.tensor([-1., 0., 1., 2.])
print(x.exp().log())
print(x.exp().tolist())
