# torch.optim.lr_scheduler: the schedules' learning rates, digit for digit, and PyTorch's warnings
import math
import torch
from torch.optim.lr_scheduler import StepLR, ExponentialLR

torch.manual_seed(0)
model = torch.nn.Linear(2, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
sched = StepLR(opt, step_size=2, gamma=0.1)
print(sched, type(sched), sched.get_last_lr(), sched.last_epoch, sched.base_lrs, opt.param_groups[0]["initial_lr"])
x = torch.randn(4, 2)
for epoch in range(5):
    opt.zero_grad()
    loss = model(x).pow(2).mean()
    loss.backward()
    opt.step()
    sched.step()
    print(epoch, sched.get_last_lr(), f"{loss.item():.6f}")
for name, make in [("exp", lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=0.9)),
                   ("multistep", lambda o: torch.optim.lr_scheduler.MultiStepLR(o, milestones=[2, 4, 4], gamma=0.5)),
                   ("cos", lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=3, eta_min=0.001)),
                   ("lambda", lambda o: torch.optim.lr_scheduler.LambdaLR(o, lr_lambda=lambda e: 0.95 ** e)),
                   ("mult", lambda o: torch.optim.lr_scheduler.MultiplicativeLR(o, lambda e: 0.9)),
                   ("const", lambda o: torch.optim.lr_scheduler.ConstantLR(o, factor=0.5, total_iters=2)),
                   ("linear", lambda o: torch.optim.lr_scheduler.LinearLR(o, start_factor=0.25, total_iters=4))]:
    o = torch.optim.Adam([torch.nn.Parameter(torch.ones(1))], lr=0.01)
    s = make(o)
    lrs = [s.get_last_lr()[0]]
    for i in range(9):
        o.step()
        s.step()
        lrs.append(s.get_last_lr()[0])
    print(name, lrs)
o = torch.optim.SGD([torch.nn.Parameter(torch.ones(1))], lr=1.0)
s = StepLR(o, 3)
s.step()
print(s.get_last_lr(), s.step_size, s.gamma)
s.step(7)
print(s.get_last_lr(), s.last_epoch)
print(isinstance(s, torch.optim.lr_scheduler.LRScheduler), isinstance(s, torch.optim.lr_scheduler.StepLR))
StepLR(model, 2)
