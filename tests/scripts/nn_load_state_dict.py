# Module.load_state_dict: copies, PyTorch's _IncompatibleKeys, strict and its errors
import torch
from torch import nn
torch.manual_seed(0)
m = nn.Sequential(nn.Linear(2, 2), nn.ReLU(), nn.Linear(2, 1))
m2 = nn.Sequential(nn.Linear(2, 2), nn.ReLU(), nn.Linear(2, 1))
r = m2.load_state_dict(m.state_dict())
print(r, r.missing_keys, r.unexpected_keys, len(r), r[0])
print(torch.equal(m[0].weight, m2[0].weight), m2[2].bias)
sd = m.state_dict()
del sd["2.bias"]
sd["x"] = torch.ones(1)
print(m2.load_state_dict(sd, strict=False))
sd = m.state_dict()
sd["0.weight"] = torch.ones(2, 2, dtype=torch.float64)
print(m2.load_state_dict(sd), m2[0].weight)
sd = m.state_dict()
sd["0.weight"] = torch.ones(3, 2)
del sd["0.bias"]
m2.load_state_dict(sd)
