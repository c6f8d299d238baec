import torch
import torch.nn as nn

torch.manual_seed(2)
mods = [nn.MaxPool3d(2), nn.MaxPool3d((1, 2, 3), 1, 0, 2, True, True), nn.AvgPool3d(2),
        nn.AvgPool3d(2, 1, 1, True, False, 3), nn.AdaptiveAvgPool3d((None, 2, 3)), nn.AdaptiveMaxPool3d(2, True),
        nn.LPPool1d(2, 3), nn.LPPool2d(2., (2, 3), 1, True), nn.LPPool3d(3, 2),
        nn.MaxUnpool1d(2), nn.MaxUnpool2d((2, 3), 1, 1), nn.MaxUnpool3d(2)]
for m in mods:
    print(m)
net = nn.Sequential(nn.MaxPool3d(2), nn.AvgPool3d((1, 2, 2)), nn.AdaptiveMaxPool3d((1, 2, 1)), nn.Flatten(),
                    nn.Linear(2, 3), nn.ReLU(), nn.Unflatten(1, (1, 3)), nn.LPPool1d(2, 2))
x = torch.randn(2, 1, 4, 8, 8, requires_grad=True)
out = net(x)
print(out)
out.sum().backward()
print(net[4].weight.grad, x.grad[1, 0, 1])
pool, unpool = nn.MaxPool3d(2, return_indices=True), nn.MaxUnpool3d(2)
y, i = pool(x)
print(unpool(y, i).shape, unpool(y, i, output_size=x.size()).grad_fn)
lp = nn.LPPool2d(2, 2)
print(lp(x[0]).shape)
