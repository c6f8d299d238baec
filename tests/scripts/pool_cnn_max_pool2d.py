import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
embed = nn.Linear(8, 2 * 6 * 6)
features = nn.Sequential(nn.ReLU(), nn.MaxPool2d(2), nn.AvgPool2d(3, stride=1, padding=1))
head = nn.Sequential(nn.Flatten(), nn.Linear(2 * 3 * 3, 3))
print(features)
print(head)


def forward(x):
    h = embed(x).view(-1, 2, 6, 6)
    h = features(h)
    h = F.max_pool2d(h, kernel_size=2, stride=1, padding=1)
    h = F.adaptive_avg_pool2d(h, 3)
    return head(h)


params = list(embed.parameters()) + list(head.parameters())
x = torch.randn(4, 8)
target = torch.tensor([0, 2, 1, 2])
opt = torch.optim.SGD(params, lr=0.1)
for step in range(3):
    opt.zero_grad()
    out = forward(x)
    loss = F.cross_entropy(out, target)
    loss.backward()
    opt.step()
    print(step, loss.item())
print(out)
print(embed.weight.grad[:4])
print(head[1].bias.grad)
print(out.grad_fn.name(), loss.grad_fn.name())
