import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
x = torch.randn(16, 3)
y = x @ torch.tensor([[1.0], [-2.0], [0.5]]) + 0.3
model = nn.Linear(3, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.5, total_steps=12)
print(sched.total_steps, opt.param_groups[0]["lr"], opt.param_groups[0]["momentum"])
for step in range(12):
    opt.zero_grad()
    loss = F.mse_loss(model(x), y)
    loss.backward()
    opt.step()
    sched.step()
    print(step, f"{loss.item():.6f}", sched.get_last_lr(), opt.param_groups[0]["momentum"])
print(opt.param_groups[0]["initial_lr"], opt.param_groups[0]["max_lr"], opt.param_groups[0]["min_lr"])

# Adam's beta1 cycles; three phases, linear annealing, epochs x steps, two groups
w = torch.zeros(2, requires_grad=True)
v = torch.zeros(2, requires_grad=True)
adam = torch.optim.Adam([{"params": [w]}, {"params": [v], "lr": 0.01}], lr=0.1)
cyc = torch.optim.lr_scheduler.OneCycleLR(adam, max_lr=[0.2, 0.05], epochs=2, steps_per_epoch=4, pct_start=0.25,
                                          anneal_strategy="linear", three_phase=True, div_factor=10.0)
for step in range(8):
    adam.zero_grad()
    ((w - 1.0) ** 2).sum().add(((v + 1.0) ** 2).sum()).backward()
    adam.step()
    cyc.step()
    print(step, cyc.get_last_lr(), adam.param_groups[0]["betas"], adam.param_groups[1]["betas"])
print(w, v)

# without momentum cycling; stepping past the end is PyTorch's error
plain = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=1.0)
one = torch.optim.lr_scheduler.OneCycleLR(plain, max_lr=1.0, total_steps=3, cycle_momentum=False)
for _ in range(3):
    plain.step()
    one.step()
    print(one.get_last_lr(), plain.param_groups[0]["momentum"])
one.step()
