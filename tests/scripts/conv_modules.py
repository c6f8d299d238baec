import torch
import torch.nn as nn

torch.manual_seed(1)
m = nn.Conv2d(3, 8, (3, 5), stride=2, padding=1, dilation=2, bias=False, padding_mode="reflect")
print(m)
print(m.in_channels, m.out_channels, m.kernel_size, m.stride, m.padding, m.dilation, m.groups, m.padding_mode)
print(m.weight.shape, m.bias)
for mode in ("zeros", "reflect", "replicate", "circular"):
    c = nn.Conv1d(2, 3, 3, padding=1, padding_mode=mode)
    y = c(torch.arange(10.0).reshape(1, 2, 5))
    print(mode, y.grad_fn, y.sum().item() != 0)
same = nn.Conv2d(2, 2, 3, padding="same", dilation=2)
print(same, same(torch.randn(1, 2, 5, 5)).shape)
print(nn.Conv3d(2, 4, 3, groups=2, bias=False))
net = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 4 * 4, 3))
print(net)
print(net(torch.randn(2, 1, 6, 6)))
print(sum(p.numel() for p in net.parameters()))
print(nn.Conv2d(4, 6, 3, groups=2).weight.shape)
nn.Conv2d(3, 4, 3, groups=2)
