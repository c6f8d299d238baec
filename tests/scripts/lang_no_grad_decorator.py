import torch


@torch.no_grad()
def update(p, lr):
    p -= lr * p.grad
    return p.requires_grad, torch.is_grad_enabled()


w = torch.tensor([1.0, 2.0], requires_grad=True)
(w * w).sum().backward()
print(update(w, 0.1), w)
with torch.inference_mode():
    z = w * 2
print(z.requires_grad, torch.is_grad_enabled())


@torch.inference_mode()
def infer(v):
    return v * 3


print(infer(w).requires_grad)
