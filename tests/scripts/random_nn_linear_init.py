import torch
import torch.nn as nn

# nn.Linear draws its weight (kaiming_uniform_, a=sqrt(5)) then its bias
# from the seeded stream, as PyTorch does; a few SGD steps on random data.
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1))
print(model[0].weight)
print(model[2].bias)
x = torch.randn(4, 3)
y = torch.randn(4, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
loss_fn = nn.MSELoss()
for step in range(3):
    opt.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    opt.step()
    print(step, loss.item())
print(model[2].weight)
drop = nn.Dropout(0.5)
print(drop(torch.ones(6)))
