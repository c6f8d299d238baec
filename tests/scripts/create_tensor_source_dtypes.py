# torch.tensor and torch.as_tensor keep the dtype of their source: a numpy
# array's or scalar's, a tensor's (with PyTorch's copy-construct warning,
# once per line), and for a list the promotion of its items' dtypes.
import numpy as np
import torch

print(torch.tensor(np.array([1.0, 2.0])), torch.tensor(np.array([1, 2], dtype=np.int32)))
print(torch.tensor(np.array([1.5, 2.5], dtype=np.float32)), torch.tensor(np.array([True, False])))
print(torch.tensor(np.array([1.5, 2.0], dtype=np.float16)), torch.tensor(np.array([-1, 2], dtype=np.int8)))
print(torch.tensor(np.array([200, 2], dtype=np.uint8)), torch.tensor(np.array([3, 4], dtype="int16")))
print(torch.tensor(np.array([1.5, 2.5]), dtype=torch.float32), torch.tensor(np.array([1.5, 2.7]), dtype=torch.int64))
print(torch.tensor(np.array([1.5, 2.5]), requires_grad=True), torch.tensor(np.array(2.0)), torch.tensor(np.array([])))
print(torch.tensor(np.float64(2.5)), torch.tensor(np.float32(2.5)), torch.tensor(np.int32(2)), torch.tensor(np.bool_(True)))
print(torch.tensor([np.float64(2.5)]), torch.tensor([np.float32(2.5), 1]), torch.tensor([np.int32(2), 1]))
print(torch.tensor([np.uint8(200), np.int8(-1)]), torch.tensor([np.float16(1.5)]), torch.tensor([np.int64(2), 1.5]))
for i in range(3):
    c = torch.tensor(torch.ones(2, dtype=torch.float64))
print(c, torch.tensor(torch.tensor([1, 2]), dtype=torch.float64))
w = torch.tensor([1.0, 2.0], requires_grad=True)
print(torch.tensor(w), torch.tensor(w, requires_grad=True))
print(torch.tensor([torch.tensor(1.5, dtype=torch.float64)]), torch.tensor([torch.tensor(1.5, dtype=torch.float64), 2.0]))
print(torch.tensor([2.0, torch.tensor(1.5, dtype=torch.float64)]), torch.tensor([torch.tensor(1), 2.5]))
print(torch.tensor([torch.tensor(1, dtype=torch.int32), 2]), torch.tensor([torch.tensor(1, dtype=torch.int32), torch.tensor(2)]))
print(torch.tensor([torch.tensor(2, dtype=torch.int32), torch.tensor(3, dtype=torch.int32)]))
print(torch.tensor([torch.tensor(1, dtype=torch.int32), torch.tensor(2.0)]), torch.tensor([torch.tensor(True), 2]))
print(torch.tensor([torch.tensor(True), True]), torch.tensor([torch.tensor(1.0), torch.tensor(2.0, dtype=torch.float64)]))
print(torch.tensor([[torch.tensor(1.0, dtype=torch.float64)], [3]]), torch.tensor([torch.tensor(1, dtype=torch.int32), 2.0]))
print(torch.tensor([torch.tensor(1, dtype=torch.int8), torch.tensor(2, dtype=torch.uint8)]))
print(torch.tensor([torch.tensor(1.0, dtype=torch.float16), 1]), torch.tensor([torch.tensor(1.0, dtype=torch.float16), 1.0]))
print(torch.tensor([torch.tensor(1.5, dtype=torch.float64)], dtype=torch.float32), torch.tensor([torch.tensor([2.5])]))
print(torch.tensor([[1, 2], torch.tensor([3, 4])]), torch.tensor((torch.tensor(1.0), torch.tensor(2.0))))
print(torch.tensor([[torch.tensor(1.0), 2], torch.tensor([3, 4])]), torch.tensor([torch.tensor(2)], dtype=torch.bool))
for i in range(2):
    s = torch.tensor([w[0], w[1] * 2])
print(s, torch.tensor([np.array([1, 2], dtype=np.int32), np.array([3, 4], dtype=np.int32)]))
print(torch.tensor([np.array([1, 2], dtype=np.int32), [3, 4]]), torch.tensor([[1.5], np.array([2.5], dtype=np.float32)]))
print(torch.tensor([]), torch.tensor([[], []]), torch.tensor(()), torch.tensor(range(3)), torch.tensor(2 ** 40))
a = np.array([1.0, 2.0])
t = torch.as_tensor(a)
t32 = torch.as_tensor(a, dtype=torch.float32)
a[0] = 9.0
print(t, t32, torch.as_tensor(np.array([1, 2], dtype=np.int32)), torch.as_tensor([torch.tensor(1.5, dtype=torch.float64)]))
b = torch.ones(2, dtype=torch.float64)
print(torch.as_tensor(b) is b, torch.as_tensor(b, dtype=torch.float64) is b, torch.as_tensor(b, dtype=torch.int64))
print(torch.as_tensor(np.float64(1.5)), torch.as_tensor((1, 2.5)), torch.as_tensor([np.float32(0.1)]))
print(torch.tensor([torch.tensor([1.0, 2.0]), 2.5]))
