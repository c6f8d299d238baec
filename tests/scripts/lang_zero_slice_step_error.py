import torch

# Python sequences take slices with a step, and refuse a zero one
x = torch.arange(6.0)
x[::2] = 0
print(x)
a = [1, 2, 3, 4]
a[::2] = [0, 0]
del a[::3]
print(a)
b = [1, 2, 3]
del b[::0]
