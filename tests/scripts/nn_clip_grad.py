import torch
from torch import nn, optim

torch.manual_seed(5)
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 3))
x = torch.randn(10, 4) * 3
y = torch.tensor([0, 1, 2, 1, 0, 2, 2, 1, 0, 1])
opt = optim.SGD(model.parameters(), lr=0.1, momentum=0.5)
loss_fn = nn.CrossEntropyLoss()
for step in range(15):
    opt.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    norm = torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=0.5)
    opt.step()
    print(step, f"{loss.item():.5f}", norm)
print(model[2].weight.grad)
nn.utils.clip_grad_value_(model.parameters(), clip_value=0.01)
print(model[2].weight.grad)
print(nn.utils.clip_grad_norm_([], 1.0))
