import torch

# a Python int in integer arithmetic wraps to the tensor's width, as PyTorch casts it
a = torch.tensor([1, -2, 3], dtype=torch.int32)
u = torch.tensor([0, 7, 250], dtype=torch.uint8)
b = torch.tensor([1, -2, 3])
print(a + 2**40, a - 2**33, 2**40 - a, a * 2**31, a + 2**63)
print(a == 2**40 + 1, a < 2**40, a.eq(2**32 - 2), a & 2**40 + 3, torch.bitwise_or(a, 2**33))
print(u + 300, u - 1, u * 257, u + 255)
print(b + 2**63, b - 2**63 - 1, torch.tensor([True]) + 2**40)
print(a.add(2**40), a.clone().mul_(2**40), torch.add(a, 2**40, alpha=2), a / 2**40, a + 1e40)
print(torch.remainder(a, 2**40 + 5), torch.fmod(a, 2**33 + 2), a.div(2**40 + 2, rounding_mode='floor'))
print(torch.full((2,), 2**31 - 1, dtype=torch.int32), torch.full((2,), -2**31, dtype=torch.int32))
print(torch.zeros(2, dtype=torch.uint8).fill_(-1), torch.zeros(2, dtype=torch.uint8).fill_(-255))
print(torch.tensor([-1, -255], dtype=torch.uint8), torch.tensor([2**31 - 1, -2**31], dtype=torch.int32))
print(torch.tensor([1e40]), torch.tensor([1e40], dtype=torch.float16), torch.zeros(2).fill_(float('inf')))
c = torch.zeros(3, dtype=torch.int32)
c[0] = 2**31 - 1
c[1] = -2**31
c[2] = 1.5
print(c)
f = torch.zeros(3)
f[0] = float('inf')
f[1] = float('nan')
f[2] = 3e38
print(f)
