# A small convolutional network learns to tell bars across from bars down.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
# 8 noisy 8x8 images: a bar across (class 0) or down (class 1)
images = torch.randn(8, 1, 8, 8) * 0.1
labels = torch.tensor([0, 1, 0, 1, 0, 1, 0, 1])
for i in range(8):
    if labels[i] == 0:
        images[i, 0, i % 6 + 1, :] += 1.0
    else:
        images[i, 0, :, i % 6 + 1] += 1.0

model = nn.Sequential(
    nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(4, 8, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1),
    nn.Flatten(), nn.Linear(8, 2))
print(model)
optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
for epoch in range(30):
    optimizer.zero_grad()
    loss = F.cross_entropy(model(images), labels)
    loss.backward()
    optimizer.step()
    if epoch % 10 == 9:
        print(f"epoch {epoch + 1:2d}  loss {loss.item():.4f}")
print("predicted:", model(images).argmax(dim=1))
print("first filter's gradient:", model[0].weight.grad[0, 0], sep="\n")
