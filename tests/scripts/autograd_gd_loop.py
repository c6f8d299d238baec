import torch
w = torch.tensor([1.0, -1.0], requires_grad=True)
lr = 0.1
for i in range(4):
    loss = ((w - 3) ** 2).sum()
    loss.backward()
    with torch.no_grad():
        w -= lr * w.grad
    w.grad.zero_()
    print(i, loss.item(), w)
print(w.is_leaf, w.grad)
