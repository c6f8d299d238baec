import torch

# A seeded tutorial: data and weights from torch.randn, five steps of
# gradient descent, the losses printed with .item().
torch.manual_seed(0)
x = torch.randn(4)
y = 2.0 * x - 3.4 + 0.01 * torch.randn(4)
w = torch.randn(1, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
print(w)
for step in range(5):
    loss = ((w * x + b - y) ** 2).mean()
    loss.backward()
    print(step, loss.item())
    with torch.no_grad():
        w -= 0.1 * w.grad
        b -= 0.1 * b.grad
        w.grad.zero_()
        b.grad.zero_()
print(w)
print(b)
print(loss)
