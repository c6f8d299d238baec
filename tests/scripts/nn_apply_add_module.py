import torch
from torch import nn

torch.manual_seed(3)
seen = []


def init_weights(m):
    seen.append(str(m).split("(")[0])
    if isinstance(m, nn.Linear):
        torch.nn.init.xavier_uniform_(m.weight)
        m.bias.data.fill_(0.01)


net = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Sequential(nn.Linear(3, 2), nn.Tanh()))
out = net.apply(init_weights)
print(out is net)
print(seen)
print(net[0].weight)
print(net[2][0].bias)
net.add_module("head", nn.Sigmoid())
print(net)
print(net(torch.ones(1, 2)))
