# A numpy array on the right of a tensor operator: the tensor refuses it,
# numpy computes on the tensor's values with numpy's promotion, and the
# result comes back as a tensor without history (uint8 for bools), with
# NumPy 2's DeprecationWarning; on the left only array / tensor works.
import numpy as np
import torch

x = torch.tensor([1.0, 2.0])
xi = torch.tensor([1, 2])
xb = torch.tensor([True, False])
a = np.array([2.0, 3.0])
a32 = np.array([2.0, 3.0], dtype=np.float32)
ai = np.array([2, 3])
ab = np.array([True, True])
print(x * np.array([2.0, 3.0]), x + a32, xi - a32, xi * ai, xi / ai, x ** ai)
for i in range(2):
    y = x * a
print(y, y.dtype, y.grad_fn, y.requires_grad, x // a, x % a, x @ a, xb & ab, xb | ab, xb + ab)
print(a / x, a32 / xi, ab / xb, x.reshape(2, 1) * a, x * np.array(2.0), x / np.array([0.0, 1.0]))
print(x == a, a == x, x == np.array([1.0, 5.0]), x != a, a != x)
z = x.clone()
z += a
v = torch.zeros(3)
v[1:] += a
u = torch.ones(2)
u *= np.float32(3)
print(z, v, u)
w = torch.tensor([1.0, 2.0], requires_grad=True)
print(w == a)
print(w * a)
