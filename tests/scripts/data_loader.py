# torch.utils.data: TensorDataset, DataLoader (shuffled batches from PyTorch's random stream) and random_split
import torch
from torch.utils.data import DataLoader, TensorDataset, random_split

torch.manual_seed(0)
X = torch.arange(20, dtype=torch.float32).reshape(10, 2)
y = torch.arange(10) % 3
ds = TensorDataset(X, y)
print(len(ds), ds[3], ds[-1][1])
loader = DataLoader(ds, batch_size=4, shuffle=True)
print(len(loader), loader)
for epoch in range(2):
    for xb, yb in loader:
        print(epoch, xb.shape, yb.tolist(), xb[:, 0].tolist())
print(torch.randn(2))
it = iter(loader)
print(it)
first = next(it)
print(type(first), len(first), first[1])
batch = next(iter(DataLoader(ds, batch_size=3)))
print(batch)
print([b[1].tolist() for b in DataLoader(ds, batch_size=4, drop_last=True)])
g = torch.Generator().manual_seed(42)
print([b[1].tolist() for b in DataLoader(ds, batch_size=5, shuffle=True, generator=g)])
train, test = random_split(ds, [0.8, 0.2])
print(len(train), len(test), train.indices, test.indices)
a, b, c = random_split(range(7), [3, 2, 2], generator=torch.Generator().manual_seed(1))
print(list(a), list(b), c.indices)
print([x for x in DataLoader([1.5, 2.5, 3.5], batch_size=2)])
print([x for x in DataLoader([(1, 2.0), (3, 4.0)], batch_size=2)])
print([x for x in DataLoader([{"a": torch.ones(2), "b": 1}] * 2, batch_size=2)])
print(next(iter(DataLoader(ds, batch_size=None))))
print(list(DataLoader(ds, batch_size=2, collate_fn=lambda s: len(s))))
w = torch.zeros(2, requires_grad=True)
for xb, yb in DataLoader(TensorDataset(X, y.float()), batch_size=5):
    loss = ((xb @ w - yb) ** 2).mean()
    loss.backward()
print(w.grad)
print(torch.rand(1))
TensorDataset(X, torch.ones(3))
