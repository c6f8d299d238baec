# The shift operators << >> <<= >>= on Python ints (Python's semantics and precedence) and integer tensors, torch.bitwise_left_shift/right_shift with their methods and in-place forms: counts past the bit width or below zero, number operands wrapped into the dtype, promotion, broadcasting
import torch
# Python ints: Python's shifts, with Python's precedence
print(1 << 70, -5 >> 1, True << 3, 2 + 1 << 2, 1 << 2 + 1, 6 & 3 << 1, 12 | 1 << 1, -(1 << 3) >> 1)
n = 5
n <<= 3
n >>= 1
print(n, 1 << 0, 255 >> 9)

# integer tensors: the operators, the functions and the methods
x = torch.tensor([1, -8, 255, 3])
print(x << 2, x >> 1, 3 << x.clamp(0, 5), 1024 >> x.clamp(0, 5))
print(x << torch.tensor([64, -1, 1, 63]), x >> torch.tensor([64, -1, 70, 63]))
print(torch.bitwise_left_shift(x, 2), x.bitwise_right_shift(1), torch.bitwise_right_shift(-9, torch.tensor([1, 70])))
print(torch.bitwise_left_shift(input=x, other=torch.tensor(3)))

# each dtype: its own width; a number operand wraps into it
b = torch.tensor([-128, 127, 5, 1], dtype=torch.int8)
print(b << 1, b >> 7, b << torch.tensor([1, 9, -1, 7], dtype=torch.int8), b >> 259, b << 259)
u = torch.tensor([255, 200, 3], dtype=torch.uint8)
print(u >> 7, u << 7, u << 300, u >> torch.tensor([8, 7, 1], dtype=torch.uint8))
print(torch.tensor([1, 2], dtype=torch.int16) << 12, torch.tensor([1, 2], dtype=torch.int32) << 2 ** 40 + 1)
print(torch.tensor([1, 2], dtype=torch.int32) << torch.tensor([1, 2]), (torch.tensor(3, dtype=torch.int8) << 2).dtype)
print(torch.tensor(True) << 1, torch.tensor([1, 2]) << True, (3 << torch.tensor([1, 2], dtype=torch.int8)).dtype)
print(torch.tensor([[1], [2]]) << torch.tensor([0, 1, 2]))

# in place
y = torch.tensor([5, 9], dtype=torch.int8)
y <<= 2
print(y)
y >>= torch.tensor(1)
print(y)
z = torch.tensor([1, 2], dtype=torch.int32)
z.bitwise_left_shift_(3)
print(z, z.dtype)
z.bitwise_right_shift_(torch.tensor([1, 2]))
print(z, z.dtype)
w = torch.tensor([[1, 2], [3, 4]])
w[0] <<= 4
print(w)
