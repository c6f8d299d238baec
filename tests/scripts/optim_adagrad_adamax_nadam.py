import torch
from torch import nn, optim

# Adagrad, Adamax and NAdam over 40 steps: the loss at every step and the final parameters
x = torch.sin(torch.arange(20.0)).reshape(5, 4)
target = torch.cos(torch.arange(15.0)).reshape(5, 3)
makers = [
    lambda ps: optim.Adagrad(ps),
    lambda ps: optim.Adagrad(ps, lr=0.05, lr_decay=0.01),
    lambda ps: optim.Adagrad(ps, lr=0.1, weight_decay=0.1, initial_accumulator_value=0.5, eps=1e-6),
    lambda ps: optim.Adagrad(ps, 0.02, 0.001, 0.01, 0.1, 1e-8),
    lambda ps: optim.Adagrad(ps, lr=0.03, maximize=True),
    lambda ps: optim.Adamax(ps),
    lambda ps: optim.Adamax(ps, lr=0.01, betas=(0.8, 0.99)),
    lambda ps: optim.Adamax(ps, lr=0.01, weight_decay=0.1, eps=1e-4),
    lambda ps: optim.Adamax(ps, 0.005, (0.5, 0.9), 1e-6, 0.01),
    lambda ps: optim.Adamax(ps, lr=0.03, maximize=True),
    lambda ps: optim.NAdam(ps),
    lambda ps: optim.NAdam(ps, lr=0.01, betas=(0.8, 0.99)),
    lambda ps: optim.NAdam(ps, lr=0.01, weight_decay=0.1, eps=1e-4, momentum_decay=0.01),
    lambda ps: optim.NAdam(ps, 0.005, (0.5, 0.9), 1e-6, 0.05, 0.002, True),
    lambda ps: optim.NAdam(ps, lr=0.03, maximize=True),
]
for make in makers:
    w = nn.Parameter(torch.linspace(-1, 1, 12).reshape(3, 4))
    b = nn.Parameter(torch.zeros(3))
    opt = make([w, b])
    for step in range(40):
        opt.zero_grad()
        loss = ((torch.tanh(x @ w.t() + b) - target) ** 2).mean()
        loss.backward()
        opt.step()
        print(step, loss)
    print(w)
    print(b)
    print(opt)
for make in (lambda ps: optim.Adagrad(ps, lr=0.5, initial_accumulator_value=0.25), lambda ps: optim.Adamax(ps, lr=0.5),
             lambda ps: optim.NAdam(ps, lr=0.5)):
    w = nn.Parameter(torch.tensor([1.0, -2.0], dtype=torch.float64))
    opt = make([w])
    print(opt.state_dict())
    for _ in range(3):
        opt.zero_grad()
        (w ** 3).sum().backward()
        opt.step()
    print(w, opt.state_dict()["state"])
