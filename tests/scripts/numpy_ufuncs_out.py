import torch
import numpy as np
# np.add and its kin, with out= into an array a tensor shares
n = np.ones(5)
t = torch.from_numpy(n)
np.add(n, 1, out=n)
print(f"t: {t}")
print(f"n: {n}")
print(np.multiply(n, 3), np.subtract(2, n), np.divide(n, 4), np.power(n, 2), np.maximum(n, 2.5))
m = np.zeros(3, dtype=np.float32)
r = np.add(m, np.ones(3, dtype=np.float32), out=m)
print(r, m, r is m)
print(np.add(2, 3), np.true_divide(1, 4))
i = np.arange(3)
np.multiply(i, 2, out=i)
print(i)
