# A small classifier: nn.Sequential, nn.CrossEntropyLoss and optim.Adam on
# three seeded clusters of 2-D points.
import torch
from torch import nn, optim

torch.manual_seed(1)
centers = torch.tensor([[0.0, 2.0], [2.0, -1.0], [-2.0, -1.0]])
labels = torch.tensor([0, 1, 2] * 10)
x = centers[labels] + 1.2 * torch.randn(30, 2)

model = nn.Sequential(
    nn.Linear(2, 16),
    nn.ReLU(),
    nn.Linear(16, 3),
)
loss_fn = nn.CrossEntropyLoss()
optimizer = optim.Adam(model.parameters(), lr=0.01)
print(model)

for epoch in range(60):
    optimizer.zero_grad()
    logits = model(x)
    loss = loss_fn(logits, labels)
    loss.backward()
    optimizer.step()
    if epoch % 10 == 9:
        print(f"epoch {epoch + 1:2d}  loss {loss.item():.4f}")

with torch.no_grad():
    predicted = model(x).argmax(dim=1)
    accuracy = (predicted == labels).float().mean()
print(f"accuracy: {accuracy.item():.1%}")
print(predicted)
print(model[2].bias)
