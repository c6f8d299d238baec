import math
import numpy as np
import torch
print(math.pi, math.e, math.tau, math.inf, -math.inf, math.nan)
print(math.sqrt(2), math.exp(1), math.log(8, 2), math.log10(1000), math.floor(2.7), math.ceil(2.1))
print(math.sin(math.pi / 2), math.cos(0), math.atan2(1, 1), math.factorial(10), math.isclose(0.1 + 0.2, 0.3))
print(math.sqrt(torch.tensor(4.0)), math.hypot(3, 4), math.gcd(12, 18), math.fabs(-2), math.isnan(math.nan))
a = np.array([[1.0, 2.0], [3.0, 4.0]])
print(a)
print(repr(a), a.shape, a.dtype)
print(np.ones((2, 3)), np.zeros(3), np.arange(5), np.arange(0, 1, 0.25))
print(np.array([1, 2], dtype=np.float32), a * 2 + 1, a @ a)
t = torch.from_numpy(a)
print(t)
a[0, 0] = 10.0
print(t)
t.add_(1)
print(a)
n = torch.tensor([1.0, 2.0]).numpy()
print(n, repr(n))
print(torch.tensor(np.array([1, 2])), torch.from_numpy(np.ones(2, dtype=np.float32)))
import numpy as np
import torch
print(np.float32, np.int64, np.array([1, 2], dtype=np.float32), np.ones(2, dtype=np.int64))
a = np.arange(3).astype(np.float64)
print(a, a.dtype, np.float32(2.5), [np.float64(1.5)], a.sum(), a[1], type(a))
print(torch.from_numpy(np.zeros(2, dtype=np.float32)))
