# ReduceLROnPlateau: the learning rate drops when the metric stops improving
import torch
opt = torch.optim.SGD([torch.nn.Parameter(torch.ones(1))], lr=1.0)
s = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, patience=1)
print(s, s.get_last_lr(), s.last_epoch, s.best, s.num_bad_epochs, s.in_cooldown, s.min_lrs, s.mode, s.threshold_mode)
for m in (1.0, 1.0, 1.0, torch.tensor(0.5), 0.9, 0.9, 0.9, "0.8", 2):
    s.step(m)
    print(s.get_last_lr(), s.best, s.num_bad_epochs)
o2 = torch.optim.Adam([torch.nn.Parameter(torch.ones(1))], lr=0.1)
s2 = torch.optim.lr_scheduler.ReduceLROnPlateau(o2, mode="max", factor=0.5, patience=0, threshold=0.1,
                                                threshold_mode="abs", cooldown=2, min_lr=0.02)
for m in range(10):
    s2.step(m % 3)
    print(s2.get_last_lr(), s2.best, s2.cooldown_counter, s2.in_cooldown)
print(isinstance(s, torch.optim.lr_scheduler.LRScheduler), type(s2))
s.step([1])
