# sort without stable=True: rows of more than 16 values order equal values as PyTorch's std::sort does
import torch

z = torch.zeros(40)
print(torch.sort(z).indices)
print(torch.sort(z, stable=True).indices)
print(torch.sort(z, descending=True).indices)
torch.manual_seed(0)
t = torch.randint(0, 4, (3, 30)).float()
t[0, 5] = float("nan")
t[0, 17] = float("nan")
t[1, :10] = -0.0
values, indices = torch.sort(t, dim=1)
print(values)
print(indices)
print(torch.sort(t, dim=1, descending=True).indices)
print(torch.argsort(t, dim=1), torch.argsort(t, dim=1, stable=True))
print(torch.sort(t.T, dim=0).indices)
w = torch.tensor([2.0] * 20 + [1.0] * 20, requires_grad=True)
s = torch.sort(w).values
(s * torch.arange(40.0)).sum().backward()
print(w.grad)
print(torch.quantile(w, 0.5, interpolation="lower"), torch.msort(torch.ones(18, 2)).shape)
