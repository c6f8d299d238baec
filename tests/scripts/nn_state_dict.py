import torch
from torch import nn
model = nn.Sequential(nn.Linear(2, 2), nn.ReLU(), nn.Linear(2, 1, bias=False))
with torch.no_grad():
    for p in model.parameters():
        p.fill_(0.5)
sd = model.state_dict()
print(sd.keys())
print(list(sd.items())[0])
print(len(sd), "0.bias" in sd, sd["2.weight"])
print(nn.ReLU().state_dict())
for k, v in model.state_dict().items():
    print(k, v.shape, v.requires_grad)
print(type(sd))
print(len(sd.keys()), len(sd), list(sd.values())[1])
