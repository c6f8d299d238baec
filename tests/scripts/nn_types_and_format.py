import torch
from torch import nn, optim

model = nn.Sequential(nn.Linear(2, 3), nn.ReLU())
p = model[0].weight
print(type(p), type(model), type(model[0]), type(model[1]))
print(isinstance(p, nn.Parameter), isinstance(p, torch.Tensor), isinstance(p * 2, nn.Parameter))
print(isinstance(model[0], nn.Module), isinstance(model, nn.Linear), isinstance(model, nn.Sequential))
print(type(p * 2), type(p.detach()), type(p.data))
opt = optim.Adam(model.parameters())
print(type(opt), isinstance(opt, optim.Optimizer), isinstance(opt, optim.SGD))
print(nn.Linear, optim.Adam, nn.Parameter, type(nn.MSELoss()))
print(type(model) is nn.Sequential, type(model[0]) == nn.Linear)
print([c for c in model.children()])
print(f"{model[1]}", f"{model[1]!r}", str(model[1]), repr(model[0]))
print("layer: {}".format(model[1]))
print(dict(model.named_parameters())["0.bias"].shape)
print(sorted(model.state_dict().keys()))
print(f"{len(list(model.parameters()))} tensors, {sum(p.numel() for p in model.parameters())} numbers")
