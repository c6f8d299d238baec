import torch

# x ** e for an exponent without a special kernel: SLEEF's powf on the
# vector lanes, the C library's pow on the scalar tail (40 = 32 + 8)
torch.manual_seed(0)
x = torch.randn(40) * 3
for e in (4, 5, 1.5, 0.25, -3, 7, 1 / 3, -1.5):
    y = (x if e == int(e) else x.abs()) ** e
    print(e, y[:3].tolist(), y[-3:].tolist(), y.sum().item())
big = torch.rand(1000) * 10
print((big ** 2.5).sum().item(), (big ** -0.7).sum().item(), torch.pow(big, 4.5)[-1].item())
edges = torch.tensor([0.0, -0.0, 1.0, -1.0, float("inf"), -float("inf"), float("nan"), 1e-30] * 4 + [2.0] * 8)
print((edges ** 3.5).tolist())
print((edges ** -2.5).tolist())
print((edges ** 5).tolist())
