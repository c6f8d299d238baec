# Fit a line with nn.Linear, nn.MSELoss and optim.SGD, as the PyTorch
# tutorials do: seeded data, a training loop, a report every 10 epochs.
import torch
import torch.nn as nn
import torch.optim as optim

torch.manual_seed(0)
x = torch.linspace(-1, 1, 20).reshape(-1, 1)
y = 3 * x + 0.5 + 0.1 * torch.randn(20, 1)

model = nn.Linear(1, 1)
loss_fn = nn.MSELoss()
optimizer = optim.SGD(model.parameters(), lr=0.1)
print(model)

for epoch in range(100):
    optimizer.zero_grad()
    pred = model(x)
    loss = loss_fn(pred, y)
    loss.backward()
    optimizer.step()
    if epoch % 10 == 0:
        print(f"epoch {epoch:3d}  loss {loss.item():.4f}")

print(f"final loss {loss.item():.4f}")
print(model.weight)
print(model.bias)
print(f"y = {model.weight.item():.3f} * x + {model.bias.item():.3f}")
