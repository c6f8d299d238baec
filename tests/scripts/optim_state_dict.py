# Optimizer.state_dict() and load_state_dict(): PyTorch's structure (parameters as indices), printing, resuming
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
model = nn.Linear(3, 2)
data, target = torch.randn(4, 3), torch.randn(4, 2)
for name, make in (("SGD", lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9)), ("SGD0", lambda ps: torch.optim.SGD(ps, lr=0.1)),
                   ("Adam", lambda ps: torch.optim.Adam(ps, lr=0.01, amsgrad=True)), ("RMSprop", lambda ps: torch.optim.RMSprop(ps, lr=0.01, momentum=0.5, centered=True)),
                   ("AdamW", lambda ps: torch.optim.AdamW(ps))):
    opt = make(model.parameters())
    print(name, opt.state_dict())
    for _ in range(2):
        opt.zero_grad()
        F.mse_loss(model(data), target).backward()
        opt.step()
    sd = opt.state_dict()
    print(sd)
    print(sd["param_groups"][0]["params"], list(sd["state"].keys()), type(sd))
    opt2 = make(model.parameters())
    opt2.load_state_dict(sd)
    print(opt2.state_dict()["state"] == {} , opt2.param_groups[0]["lr"])
    opt2.zero_grad()
    F.mse_loss(model(data), target).backward()
    opt2.step()
    print(model.weight, sd["state"])
opt = torch.optim.SGD([{"params": [model.weight], "momentum": 0.5, "lr": 0.2}, {"params": [model.bias]}], lr=0.01)
print(opt.state_dict())
print(opt)
sd = opt.state_dict()
sd["param_groups"][1]["lr"] = 0.5
opt.load_state_dict(sd)
print(opt.param_groups[1]["lr"], opt.param_groups[0]["params"][0] is model.weight)
# a checkpoint of a model and its optimizer, resumed in new objects. NOTE: as in PyTorch, the
# checkpoint holds the optimizer's own state tensors and the loaded optimizer shares them, so the
# first optimizer's step moves the second one's moments too (the same loss, then other biases)
torch.manual_seed(3)
net = nn.Sequential(nn.Linear(2, 4), nn.Tanh(), nn.Linear(4, 1))
opt = torch.optim.Adam(net.parameters(), lr=0.05)
xs, ys = torch.randn(8, 2), torch.randn(8, 1)
for _ in range(3):
    opt.zero_grad()
    F.mse_loss(net(xs), ys).backward()
    opt.step()
checkpoint = {"model": net.state_dict(), "optim": opt.state_dict()}
print(checkpoint["optim"]["state"][0]["step"], checkpoint["optim"]["param_groups"])
net2 = nn.Sequential(nn.Linear(2, 4), nn.Tanh(), nn.Linear(4, 1))
opt2 = torch.optim.Adam(net2.parameters(), lr=0.05)
net2.load_state_dict(checkpoint["model"])
opt2.load_state_dict(checkpoint["optim"])
for o, n in ((opt, net), (opt2, net2)):
    o.zero_grad()
    loss = F.mse_loss(n(xs), ys)
    loss.backward()
    o.step()
    print(loss.item(), n[2].bias.item())
print(checkpoint["optim"]["state"][0]["step"], opt2.state_dict()["state"][3]["exp_avg"])
