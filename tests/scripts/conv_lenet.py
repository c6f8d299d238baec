import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
conv1 = nn.Conv2d(1, 6, 5)
conv2 = nn.Conv2d(6, 16, 5)
head = nn.Sequential(nn.Linear(16 * 5 * 5, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
print(conv1, conv2)
def forward(x):
    x = F.relu(conv1(x))[:, :, ::2, ::2]
    x = F.relu(conv2(x))[:, :, ::2, ::2]
    return head(torch.flatten(x, 1))
print(conv1.weight.size(), conv1.bias)
input = torch.randn(1, 1, 32, 32)
out = forward(input)
print(out)
out.backward(torch.randn(1, 10))
print(conv1.bias.grad)
print(conv2.weight.grad[0, 0])
m = nn.Conv2d(3, 8, (3, 5), stride=2, padding=1, dilation=2, bias=False, padding_mode='reflect')
print(m, m.kernel_size, m.padding, m.weight.shape)
print(m(torch.randn(1, 3, 9, 11)).shape)
c1 = nn.Conv1d(4, 8, 3, padding='same', padding_mode='circular')
print(c1, c1(torch.randn(2, 4, 7)).grad_fn)
print(nn.Conv3d(2, 4, 3, groups=2))
print(nn.Conv2d(4, 4, 3, padding='same'))
seq = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 6 * 6, 2))
print(seq)
y = seq(torch.randn(2, 3, 6, 6))
print(y)
