import torch
import torch.nn as nn

torch.manual_seed(11)
mods = [nn.MaxPool2d(2), nn.MaxPool2d((2, 3), 1, 1, 2, True, True), nn.MaxPool1d(3),
        nn.MaxPool1d(kernel_size=2, stride=1, padding=1), nn.AvgPool2d(2), nn.AvgPool2d(3, 1, 1, True, False, 2),
        nn.AvgPool1d(3), nn.AvgPool1d(4, 2, 1), nn.AdaptiveAvgPool2d((5, None)), nn.AdaptiveAvgPool2d(1),
        nn.AdaptiveAvgPool1d(3), nn.AdaptiveMaxPool2d(2), nn.AdaptiveMaxPool2d((2, 1), return_indices=True),
        nn.AdaptiveMaxPool1d(2), nn.MaxPool2d(kernel_size=[2, 2], stride=[1, 2])]
for m in mods:
    print(m)
net = nn.Sequential(nn.MaxPool2d(2), nn.AvgPool2d(2, 1), nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten())
print(net)
x = torch.randn(2, 3, 8, 8, requires_grad=True)
y = net(x)
print(y, y.grad_fn.name())
y.sum().backward()
print(x.grad[0, 0])
print(nn.MaxPool2d(2, return_indices=True)(x[0, :1].detach()))
print(nn.AvgPool1d(2)(torch.arange(6.0).view(1, 6)))
print(nn.AdaptiveMaxPool1d(2)(torch.arange(6.0).view(1, 1, 6)))
