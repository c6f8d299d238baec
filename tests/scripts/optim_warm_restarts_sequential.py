# CosineAnnealingWarmRestarts (fractional epochs too), PolynomialLR, SequentialLR, ChainedScheduler
import torch
from torch.optim.lr_scheduler import (CosineAnnealingWarmRestarts, PolynomialLR, SequentialLR, ChainedScheduler,
                                      ConstantLR, ExponentialLR, LinearLR, StepLR, LambdaLR)


def fresh(lr=0.1):
    return torch.optim.SGD([torch.nn.Parameter(torch.ones(1))], lr=lr)


o = fresh()
s = CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2, eta_min=0.001)
print(s.get_last_lr(), s.T_0, s.T_i, s.T_cur, s.T_mult, s.eta_min, s.last_epoch)
lrs = []
for i in range(12):
    o.step()
    s.step()
    lrs.append(s.get_last_lr()[0])
print(lrs, s.T_i, s.T_cur, s.last_epoch)
iters = 4
for epoch in range(3):
    for i in range(iters):
        s.step(epoch + i / iters)
        print(epoch, i, s.get_last_lr(), s.T_cur, s.T_i, s.last_epoch)
for e in [7, 9.5, 20, 21.25, 0.5, 2]:
    s.step(e)
    print(e, s.get_last_lr(), s.T_cur, s.T_i, s.last_epoch)
s.step()
print(s.get_last_lr(), s.T_cur, s.T_i, s.last_epoch)
o = fresh(1.0)
s = CosineAnnealingWarmRestarts(o, 4)
for e in [0, 1.5, 4, 5.75, 13]:
    s.step(e)
    print(s.get_last_lr(), s.T_cur, s.T_i)

# PolynomialLR: chainable and closed form
for power in [1.0, 0.9, 2]:
    o = fresh(0.05)
    p = PolynomialLR(o, total_iters=4, power=power)
    lrs = [p.get_last_lr()[0]]
    for i in range(6):
        o.step()
        p.step()
        lrs.append(p.get_last_lr()[0])
    print(power, lrs, p.total_iters, p.power)
p.step(2)
print(p.get_last_lr())
p.step(9)
print(p.get_last_lr())

# SequentialLR: warm-up then decay; the milestone restarts the next scheduler at epoch 0
o = fresh(0.05)
warm = LinearLR(o, start_factor=0.1, total_iters=3)
decay = ExponentialLR(o, gamma=0.9)
seq = SequentialLR(o, schedulers=[warm, decay], milestones=[3])
print(seq.get_last_lr(), seq.last_epoch, warm.last_epoch, decay.last_epoch)
for i in range(7):
    o.step()
    seq.step()
    print(i, seq.get_last_lr(), seq.last_epoch, warm.last_epoch, decay.last_epoch)
o = fresh(1.0)
seq = SequentialLR(o, [ConstantLR(o, factor=0.5, total_iters=2), StepLR(o, 2, gamma=0.5),
                       LambdaLR(o, lambda e: 0.9 ** e)], milestones=[2, 5])
lrs = [seq.get_last_lr()[0]]
for i in range(9):
    o.step()
    seq.step()
    lrs.append(seq.get_last_lr()[0])
print(lrs)

# ChainedScheduler: the factors multiply
o = fresh(1.0)
chain = ChainedScheduler([ConstantLR(o, factor=0.1, total_iters=2), ExponentialLR(o, gamma=0.9)])
print(chain.get_last_lr(), type(chain), isinstance(chain, torch.optim.lr_scheduler.LRScheduler))
for i in range(5):
    o.step()
    chain.step()
    print(chain.get_last_lr(), o.param_groups[0]["lr"])
o = fresh(1.0)
chain = ChainedScheduler([ExponentialLR(o, gamma=0.5), PolynomialLR(o, total_iters=3)], optimizer=o)
o.step()
seq = SequentialLR(o, [chain, ConstantLR(o, factor=0.5)], milestones=[2])
for i in range(5):
    o.step()
    seq.step()
    print(seq.get_last_lr())
other = fresh()
SequentialLR(other, [ExponentialLR(o, gamma=0.5)], milestones=[])
