import torch

# nn.init on the weights, dropout while training, random labels; a
# three-unit layer written with broadcasting.
torch.manual_seed(42)
W1 = torch.empty(1, 3)
torch.nn.init.kaiming_uniform_(W1, a=5 ** 0.5)
b1 = torch.empty(3).uniform_(-0.5, 0.5)
W2 = torch.empty(3, 1)
torch.nn.init.xavier_normal_(W2)
W1.requires_grad_()
b1.requires_grad_()
W2.requires_grad_()
x = torch.rand(4, 1)
t = torch.randint(0, 2, (4,)).float()
print(t)
for i in range(4):
    h = torch.relu(x * W1 + b1)
    h = torch.nn.functional.dropout(h, 0.2)
    out = (h * W2.t()).sum(1)
    loss = ((out - t) ** 2).mean()
    loss.backward()
    print(i, loss.item())
    with torch.no_grad():
        W1 -= 0.1 * W1.grad
        b1 -= 0.1 * b1.grad
        W2 -= 0.1 * W2.grad
        W1.grad.zero_()
        b1.grad.zero_()
        W2.grad.zero_()
print(W2)
print(h.grad_fn)
print(torch.randperm(6))
print(torch.normal(torch.zeros(3), 2.0))
