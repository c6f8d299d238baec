import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 1))
with torch.no_grad():
    model[0].weight.copy_(torch.tensor([[0.5, -0.2], [0.1, 0.3], [-0.4, 0.6]]))
    model[0].bias.copy_(torch.tensor([0.1, 0.0, -0.1]))
    model[2].weight.copy_(torch.tensor([[1.0, -1.0, 0.5]]))
    model[2].bias.fill_(0.25)
for name, p in model.named_parameters():
    print(name, p.shape, p.requires_grad)
print(len(list(model.parameters())))
for child in model.children():
    print(child)
for m in model.modules():
    print(m)
for layer in model:
    print(layer)
print(model.training, model[0].training)
model.eval()
print(model.training, model[1].training)
model.train()
print(model.training, model[2].training)
print(model.train(False).training)
print(model[0].weight)
print(model[2].bias)
x = torch.tensor([[1.0, 2.0]])
h = model[1](x @ model[0].weight.t() + model[0].bias)
out = (h @ model[2].weight.t() + model[2].bias).sum()
out.backward()
print(model[0].weight.grad)
print(model[2].bias.grad)
model.zero_grad()
print(model[0].weight.grad, model[2].bias.grad)
model[2].bias = nn.Parameter(torch.tensor([3.0]))
print(model[2].bias)
model[2].bias = None
print(model[2])
print(model[2].bias)
model.requires_grad_(False)
print(model[0].weight.requires_grad)
model.double()
print(model[0].weight.dtype, model[0].bias)
print(model.to(torch.float32)[0].weight.dtype)
