import torch
import torch.nn as nn
# Activation modules built with inplace=True write into their input, as F.relu(x, inplace=True) does
mods = [nn.ReLU(inplace=True), nn.LeakyReLU(0.1, inplace=True), nn.ELU(inplace=True), nn.Hardtanh(inplace=True),
        nn.ReLU6(inplace=True), nn.SiLU(inplace=True), nn.ELU(0.5, True), nn.LeakyReLU(0.2, True),
        nn.Hardtanh(-0.5, 0.5, True), nn.ReLU(), nn.LeakyReLU(0.1)]
for mod in mods:
    z = torch.tensor([-2.0, 0.5, 3.0])
    out = mod(z)
    print(mod, z, out, out is z)
    h = torch.tensor([-2.0, 0.5, 3.0], requires_grad=True) * 1
    out = mod(h)
    print(h, out.grad_fn.name(), h is out)
# a model with in-place activations after Linear layers trains as PyTorch's does
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(inplace=True), nn.Linear(4, 4), nn.LeakyReLU(0.1, inplace=True),
                      nn.Linear(4, 1), nn.ELU(inplace=True))
x = torch.randn(5, 3)
out = model(x)
print(out.grad_fn)
out.sum().backward()
print(model[0].weight.grad)
print(model[2].bias.grad)
y = model[0](x)
y += 1
print(y.grad_fn, y[0])
model.eval()
with torch.no_grad():
    print(model(torch.randn(2, 3)))
