import torch
x = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
for i in range(6):
    if i % 3 == 0:
        print("fizz", i)
    elif i == 4:
        print("four")
    else:
        pass
n = 0
while n < 5:
    n += 1
    if n == 2:
        continue
    if n == 4:
        break
    print("n", n)
else:
    print("not reached")
while n < 6:
    n += 1
else:
    print("while else", n)
for v in [1, 2]:
    pass
else:
    print("for else", v)
if x.sum() > 1:
    y = (x * 2).sum()
else:
    y = x.sum()
y.backward()
print(y, x.grad)
print(1 if x[0] > 0 else 2, 3 in [1, 2, 3], 4 not in (1, 2), x is x, None is not None)
