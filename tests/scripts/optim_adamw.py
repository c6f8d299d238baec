# AdamW: Adam with decoupled weight decay
import torch
torch.manual_seed(0)
model = torch.nn.Linear(3, 2)
opt = torch.optim.AdamW(model.parameters(), lr=0.01)
print(opt)
print(type(opt), isinstance(opt, torch.optim.Adam), isinstance(opt, torch.optim.Optimizer), isinstance(opt, torch.optim.SGD))
x = torch.randn(5, 3)
for i in range(5):
    opt.zero_grad()
    loss = model(x).pow(2).mean()
    loss.backward()
    opt.step()
    print(i, f"{loss.item():.6f}")
print(model.weight, model.bias)
o2 = torch.optim.AdamW([torch.nn.Parameter(torch.ones(2))], 0.1, (0.8, 0.9), 1e-6, 0.5, True)
print(o2.param_groups[0]["weight_decay"], o2.param_groups[0]["amsgrad"])
torch.optim.AdamW(model.parameters(), decoupled_weight_decay=False)
