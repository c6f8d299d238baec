# A two-layer network written with `def` functions: forward pass, loss and a
# plain SGD step, trained on a small fixed regression problem.
import torch


def linear(x, w, b):
    return x @ w + b


def forward(x, params):
    w1, b1, w2, b2 = params
    hidden = torch.relu(linear(x, w1, b1))
    return linear(hidden, w2, b2)


def mse(pred, target):
    return ((pred - target) ** 2).mean()


@torch.no_grad()
def sgd_step(params, lr=0.1):
    for p in params:
        p -= lr * p.grad
        p.grad.zero_()


def make_param(rows, cols, scale):
    return (torch.randn(rows, cols) * scale).requires_grad_()


torch.manual_seed(42)
x = torch.randn(8, 2)
target = (x[:, :1] * 2 - x[:, 1:] ** 2).detach()
params = [make_param(2, 6, 0.8), torch.zeros(6, requires_grad=True),
          make_param(6, 1, 0.5), torch.zeros(1, requires_grad=True)]

history = []
for step in range(60):
    loss = mse(forward(x, params), target)
    loss.backward()
    sgd_step(params, lr=0.05)
    history.append(loss.item())
    if step % 10 == 0 or step == 59:
        print(f"step {step:2d}  loss {loss.item():.4f}")

print("improved:", history[-1] < history[0], f"({history[0]:.3f} -> {history[-1]:.3f})")
print({name: tuple(p.shape) for name, p in zip(["w1", "b1", "w2", "b2"], params)})
