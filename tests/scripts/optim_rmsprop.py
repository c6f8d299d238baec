import torch
from torch import nn, optim

# RMSprop over 100 steps: the loss at every step and the final parameters
x = torch.sin(torch.arange(20.0)).reshape(5, 4)
target = torch.cos(torch.arange(15.0)).reshape(5, 3)
makers = [
    lambda ps: optim.RMSprop(ps),
    lambda ps: optim.RMSprop(ps, lr=0.001, alpha=0.9),
    lambda ps: optim.RMSprop(ps, lr=0.001, momentum=0.9),
    lambda ps: optim.RMSprop(ps, lr=0.001, centered=True),
    lambda ps: optim.RMSprop(ps, lr=0.001, centered=True, momentum=0.5, weight_decay=0.1),
]
for make in makers:
    w = nn.Parameter(torch.linspace(-1, 1, 12).reshape(3, 4))
    b = nn.Parameter(torch.zeros(3))
    opt = make([w, b])
    for step in range(100):
        opt.zero_grad()
        loss = ((torch.tanh(x @ w.t() + b) - target) ** 2).mean()
        loss.backward()
        opt.step()
        print(step, loss)
    print(w)
    print(b)
