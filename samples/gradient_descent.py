# Fit w so that w * x ≈ y, by plain gradient descent.
import torch

x = torch.tensor([1., 2., 3., 4.])
y = torch.tensor([2., 4., 6., 8.])
w = torch.tensor(0.5, requires_grad=True)
lr = 0.01

for step in range(100):
    loss = ((w * x - y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w -= lr * w.grad
    w.grad.zero_()

print(w)
print(loss)
assert abs(w.item() - 2.0) < 1e-3, "w should converge to 2"
