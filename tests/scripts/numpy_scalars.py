# An element of a numpy array is a numpy scalar, as numpy makes it: it
# prints and formats as numpy does, computes with numpy's types, and beside
# a tensor it is a Python number (a numpy bool a float, as PyTorch reads it).
import math
import numpy as np
import torch

x = torch.tensor([1.5, 2.0], requires_grad=True)
s = x.detach().numpy()[0]
n = torch.tensor([3, 4]).numpy()[1]
b = torch.tensor([True, False]).numpy()[1]
m = torch.tensor([[1.0, 2.0], [3.0, 4.0]]).numpy()
print(type(s), s, repr(s), type(n), n, type(b), b, [s, n, b])
print(type(m[0]), type(m[0, 1]), type(m[1][0]), m[-1, -1], m[0, :], type(m[...]), m[()], m[np.int64(1)])
print(x * s, s * x, x + n, s / x, s - x, s ** x, x ** n, x * b, x / np.float16(2), np.int32(3) * x)
xi = torch.tensor([1, 2])
print(xi * n, xi * s, xi + b, xi / n, torch.tensor([True, False]) + b, torch.tensor(2.0, dtype=torch.float64) * s)
print(x > s, s < x, x == s, torch.add(x, s), torch.where(torch.tensor([True, False]), x, s))
print(torch.full((2,), s), torch.full((2,), n), torch.zeros(n), x.pow(n), torch.clamp(x, min=s), x[n - 3])
print(s * 2, 2 * s, s + s, s + n, n + n, n * 2.5, s ** 2, -s, -n, +s, ~n, s / 4, n // 3, n % 3)
print(type(s * 2), type(s + n), type(n * 2.5), type(np.float32(1.5) * np.float32(2)), m.sum(), type(m.sum()))
print(s > 1, s == 1.5, n >= 4, b == False, m > 2, m[m > 2], m == 2.0)
print(float(s), int(s), int(n), bool(b), round(s), round(s, 1), abs(-s), math.sqrt(n), max(s, 0.5), min(n, 5))
print(s.item(), type(s.item()), s.dtype, s.shape, s.ndim, s.size, s.tolist(), s.astype(np.float64))
print(str(s), repr(n), f"{s:.2f} {n:3d} {s} {b}", "%.3f %d" % (s, n), "{} {!r}".format(s, n))
print(isinstance(s, float), isinstance(np.float64(1.0), float), isinstance(n, int), isinstance(s, np.float32))
print(type(s) == np.float32, type(n) is np.int64, np.float32, np.bool_, np.int8, np.uint8)
print(list(m[0]), sum(m[0]), m[0].max(), s in [1.5, 2.0], n in (1, 2), len(m[0]), range(n), [10, 20, 30, 40, 50][n])
if b:
    print("b is true")
elif s > 1 and not b:
    print("s > 1, b is false")
print(np.float32(1.0) / 0, n // 0)
t = torch.zeros(3)
t[0] = np.float64(2.5)
t[1] = n
t[2:] = torch.tensor(s)
print(t, torch.tensor([s, n]), torch.tensor(s), torch.tensor([b, s]), s[()])
t[1] = s
