import math

import torch

torch.manual_seed(1)
xs = torch.linspace(-1, 1, 20)
ys = 3 * xs + 0.5 + 0.1 * torch.randn(20)
params = {"w": torch.zeros((), requires_grad=True), "b": torch.zeros((), requires_grad=True)}


def predict(x, p):
    return p["w"] * x + p["b"]


history, step, lr = [], 0, 0.3
while True:
    loss = ((predict(xs, params) - ys) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        for name, p in params.items():
            p -= lr * p.grad
            p.grad = None
    history.append(loss.item())
    step += 1
    if step % 5 == 0:
        print(f"step {step:3d} | loss {loss.item():.5f} | w {params['w'].item():+.4f} b {params['b'].item():+.4f}")
    if loss.item() < 0.02 or step >= 100:
        break
print(f"stopped after {step} steps; best {min(history):.4f}; "
      f"{sum(1 for h in history if h < 0.5)} steps under 0.5")
print({k: round(v.item(), 3) for k, v in params.items()}, math.isclose(params["w"].item(), 3.0, abs_tol=0.2))
grads = [t.grad for t in params.values()]
print(grads, all(g is None for g in grads), type(params["w"]), len(history) == step)
rows = [f"{i}:{h:.2f}" for i, h in enumerate(history[:3])]
print(", ".join(rows), "%d%%" % (100 * step // 100))
