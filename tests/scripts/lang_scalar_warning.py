import torch, math
x = torch.tensor(1.5, requires_grad=True)
print(bool(x))
print(x.item())
print(int(x))
print(math.sqrt(x))
print(f"{x:.1f}")
print(round(x.detach().item()))
y = x * 2
print(float(y))
if x > 1:
    print("cmp")
print(range(int(torch.tensor(3))))
print("%.2f %d" % (x, x))
for i in range(3):
    print(float(x * i))
