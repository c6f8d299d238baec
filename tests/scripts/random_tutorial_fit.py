import torch

# A tutorial-style fit: seeded weights, a model function, f-string losses.
torch.manual_seed(2024)


def model(x, w, b):
    return torch.tanh(x * w + b)


x = torch.linspace(-1, 1, 4)
y = 0.5 * x ** 3
w = torch.randn(1, requires_grad=True)
b = torch.randn(1, requires_grad=True)
print(f"start: w={w.item():.4f} b={b.item():.4f}")
for epoch in range(6):
    loss = ((model(x, w, b) - y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w -= 0.5 * w.grad
        b -= 0.5 * b.grad
    w.grad = None
    b.grad = None
    if epoch % 2 == 0:
        print(f"epoch {epoch}: loss {loss.item():.6f}")
print(w.item(), b.item())
noise = torch.randn_like(x) * 0.1
print(noise)
print(torch.randint_like(x, 10))
