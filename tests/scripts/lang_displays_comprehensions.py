import torch
d = {"a": 1, "b": [1, 2], 3: (4,)}
d["c"] = 5
del d["a"]
print(d, len(d), d.get("z"), d.get("b"), "c" in d, 1 in d)
s = {3, 1, 2}
s.add(4)
print(sorted(s), len(s), 2 in s, set(), {**d, "x": 0})
print([i * i for i in range(5) if i % 2 == 0])
print({k: v for k, v in zip("abc", range(3))})
print({i % 3 for i in range(10)})
print(sum(i for i in range(101)), list(x * y for x in range(3) for y in range(x)))
print([[j for j in range(i)] for i in range(4)])
print([*range(3), *[7, 8]], (*"ab",), [t.item() for t in torch.tensor([1.0, 2.0])])
ts = [torch.tensor(float(i), requires_grad=True) for i in range(3)]
total = sum(t * t for t in ts)
total.backward()
print(total, [t.grad for t in ts])
print(sum([torch.tensor([1.0, 2.0]), torch.tensor([3.0, 4.0])]))
for i, (a, b) in enumerate(zip([1, 2], "xy")):
    print(i, a, b)
for k in d:
    print(k, end=" ")
print()
for k, v in d.items():
    print(k, v, end="; ")
print()
print(list(d.keys()), list(d.values()), d.keys(), d.items())
for row in torch.tensor([[1, 2], [3, 4]]):
    print(row)
for c in reversed("abc"):
    print(c, end="")
print()
print(list(reversed([1, 2, 3])), list(map(lambda v: v * 2, [1, 2])), list(filter(None, [0, 1, 2])))
print(any([0, 0, 1]), all([]), all(x > 0 for x in [1, 2]), min([3, 1, 2]), max("abc"), max([1, 5], key=lambda v: -v))
print(sorted([3, 1, 2], reverse=True), sorted(["b", "A", "c"], key=str.lower if False else None))
