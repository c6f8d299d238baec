import torch
from torch import nn, optim

# a two-layer model with hand-set weights, trained with SGD and momentum
model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2))
with torch.no_grad():
    model[0].weight.copy_(torch.linspace(-1, 1, 12).reshape(4, 3))
    model[0].bias.copy_(torch.tensor([0.1, -0.1, 0.2, 0.0]))
    model[2].weight.copy_(torch.linspace(0.5, -0.5, 8).reshape(2, 4))
    model[2].bias.zero_()
x = torch.sin(torch.arange(18.0)).reshape(6, 3)
labels = torch.tensor([0, 1, 1, 0, 1, 0])
loss_fn = nn.CrossEntropyLoss()
opt = optim.SGD(model.parameters(), lr=0.2, momentum=0.9)
for epoch in range(30):
    opt.zero_grad()
    out = model(x)
    loss = loss_fn(out, labels)
    loss.backward()
    opt.step()
    if epoch % 5 == 4:
        print(f"epoch {epoch + 1}: loss {loss.item():.4f}")
print(out.grad_fn, loss.grad_fn)
print(model[0].weight)
print(model[2].bias)
print(model(x).argmax(dim=1))
