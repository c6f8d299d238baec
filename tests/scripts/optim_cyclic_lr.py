# CyclicLR: the three modes, a script's scale_fn, momentum and Adam's beta1 cycled against the rate
import torch
from torch.optim.lr_scheduler import CyclicLR

w = torch.nn.Parameter(torch.tensor([1.0, -2.0]))
opt = torch.optim.SGD([w], lr=0.5, momentum=0.9)
s = CyclicLR(opt, base_lr=0.01, max_lr=0.1, step_size_up=3)
print(s.get_last_lr(), opt.param_groups[0]["lr"], opt.param_groups[0]["momentum"], s.last_epoch, s.base_lrs)
print(s.total_size, s.step_ratio, s.mode, s.scale_mode, s.max_lrs, s.base_momentums, s.max_momentums)
for i in range(13):
    opt.zero_grad()
    (w ** 2).sum().backward()
    opt.step()
    s.step()
    print(i, s.get_last_lr(), opt.param_groups[0]["momentum"])
print(w)

for mode, extra in [("triangular2", {}), ("exp_range", {"gamma": 0.9})]:
    o = torch.optim.SGD([torch.nn.Parameter(torch.ones(1))], lr=1.0, momentum=0.5)
    c = CyclicLR(o, base_lr=0.1, max_lr=1.0, step_size_up=2, step_size_down=4, mode=mode, **extra)
    lrs = []
    moms = []
    for i in range(15):
        o.step()
        c.step()
        lrs.append(c.get_last_lr()[0])
        moms.append(o.param_groups[0]["momentum"])
    print(mode, c.scale_mode, lrs)
    print(moms)

# a script's scale function, by cycle and by iteration; Adam's beta1; two groups
a = torch.nn.Parameter(torch.zeros(2))
b = torch.nn.Parameter(torch.zeros(2))
adam = torch.optim.Adam([{"params": [a]}, {"params": [b], "lr": 0.3}], lr=0.1)
c = CyclicLR(adam, base_lr=[0.001, 0.002], max_lr=[0.01, 0.05], step_size_up=2, scale_fn=lambda x: 0.5 ** x,
             base_momentum=[0.8, 0.85], max_momentum=0.95)
for i in range(6):
    adam.zero_grad()
    ((a - 1) ** 2).sum().add(((b + 1) ** 2).sum()).backward()
    adam.step()
    c.step()
    print(i, c.get_last_lr(), adam.param_groups[0]["betas"], adam.param_groups[1]["betas"])
print(a, b, c.scale_fn(3))
o = torch.optim.SGD([torch.nn.Parameter(torch.ones(1))], lr=1.0)
c = CyclicLR(o, 0.1, 0.5, step_size_up=2, scale_fn=lambda x: 1 / (x + 1), scale_mode="iterations",
             cycle_momentum=False)
print(c.scale_mode, c.get_last_lr(), o.param_groups[0]["momentum"])
for i in range(5):
    o.step()
    c.step()
    print(c.get_last_lr(), c.last_epoch)
c.step(10)
print(c.get_last_lr(), c.last_epoch)
# the first step before the optimizer's: PyTorch's warning; a bad mode is PyTorch's error
o2 = torch.optim.SGD([torch.nn.Parameter(torch.ones(1))], lr=1.0, momentum=0.9)
c2 = CyclicLR(o2, 0.1, 0.2, step_size_up=1)
c2.step()
c2.step()
print(c2.get_last_lr())
CyclicLR(o2, 0.1, 0.2, mode="square")
