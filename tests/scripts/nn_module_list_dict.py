# nn.ModuleList and nn.ModuleDict: indexing, iteration, list/dict methods, registration, repr
import torch
from torch import nn
torch.manual_seed(0)
ml = nn.ModuleList([nn.Linear(2, 2) for _ in range(3)])
print(ml)
print(len(ml), ml[0], ml[-1].weight.shape)
x = torch.ones(1, 2)
for layer in ml:
    x = torch.relu(layer(x))
print(x)
ml.append(nn.ReLU()).extend([nn.Tanh(), nn.Tanh()])
ml.insert(1, nn.Sigmoid())
print(ml)
print(ml[1:3])
print([n for n, _ in ml.named_parameters()])
print(len(list(ml.parameters())))
ml[0] = nn.Identity()
del ml[1]
print(ml.pop(-1))
print(ml)
class_ = type(ml)
print(class_, isinstance(ml, nn.Module))
model = nn.Sequential(nn.Linear(2, 2), nn.ModuleList([nn.ReLU(), nn.ReLU()]))
print(model)
md = nn.ModuleDict({'act': nn.ReLU(), 'lin': nn.Linear(2, 3)})
md['out'] = nn.Linear(3, 1)
print(md, len(md), 'act' in md, 'x' in md, list(md), md.keys())
for k, v in md.items():
    print(k, v)
print(md['lin'](torch.ones(2)).shape)
print(md.pop('act'), list(md.values()))
print([n for n, _ in md.named_parameters()])
print(md.state_dict().keys())
md.update([('z', nn.Tanh())])
print(md)
print(nn.ModuleList(), nn.ModuleDict())
# += extends in place (other names of the list see it); + makes a new list
blocks = nn.ModuleList([nn.ReLU()])
alias = blocks
blocks += [nn.Tanh(), nn.Tanh()]
print(alias is blocks, len(alias), blocks + nn.ModuleList([nn.Sigmoid()]), blocks + [nn.ReLU()])
