import torch
x = torch.tensor(2.0, requires_grad=True)
y = x
n = 0
while n < 3:
    y = y * x
    n += 1
else:
    y.backward()
print(y, x.grad, n)
found = None
for i, v in enumerate([3, 8, 12]):
    if v % 4 == 0:
        found = (i, v)
        break
else:
    found = "none"
print(found)
print([k for k in {"a": 1, "bb": 2} if len(k) > 1], {v: k for k, v in {"a": 1}.items()})
