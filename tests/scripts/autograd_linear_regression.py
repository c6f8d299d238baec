import torch
x = torch.tensor([[1.], [2.], [3.], [4.]])
t = torch.tensor([[2.], [4.], [6.], [8.]])
w = torch.tensor([[0.5]], requires_grad=True)
b = torch.zeros(1, requires_grad=True)
for epoch in range(3):
    pred = x @ w + b
    loss = ((pred - t) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w -= 0.01 * w.grad
        b -= 0.01 * b.grad
        w.grad.zero_()
        b.grad.zero_()
    print(epoch, loss)
print(w, b)
