# A negative shift count of a Python int is its ValueError
n = 3
print(n << 2, n >> 1)
print(n << -1)
