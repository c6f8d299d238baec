import torch
import torch.nn as nn
import torch.optim as optim

torch.manual_seed(2)
cell = nn.RNNCell(2, 5)
head = nn.Linear(5, 1)
opt = optim.SGD(list(cell.parameters()) + list(head.parameters()), lr=0.1)
xs = torch.randn(6, 3, 2)
target = torch.randn(3, 1)
for step in range(5):
    opt.zero_grad()
    h = torch.zeros(3, 5)
    for t in range(xs.shape[0]):
        h = cell(xs[t], h)
    loss = nn.functional.mse_loss(head(h), target)
    loss.backward()
    opt.step()
    print(step, loss.item())
print(h.grad_fn)
print(cell.weight_hh)
