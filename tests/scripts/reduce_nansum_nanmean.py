# nansum and nanmean in every form PyTorch has (whole, dim, dims, [], keepdim, dtype=, out=): NaNs left out; nansum's node is NansumBackward0 with or without dim and its gradient is zero at NaNs (a NaN or inf in the incoming gradient stays, as PyTorch multiplies); nanmean is nansum / count (DivBackward0); integer and bool nansum, all-NaN nanmean; float32 sums of many elements in PyTorch's order, bit for bit
import torch
x = torch.tensor([[1.0, float('nan'), 3.0], [float('nan'), 5.0, 6.0]], requires_grad=True)
print(torch.nansum(x), x.nansum(), x.nansum(0), x.nansum(dim=1, keepdim=True), x.nansum((0, 1)), x.nansum([]), x.nansum(dim=None))
print(torch.nansum(x, dtype=torch.float64), torch.nansum(x, 0, True), x.nansum(-1))
print(x.nanmean(), x.nanmean(0), torch.nanmean(x, dim=1, keepdim=True), x.nanmean(dtype=torch.float64), x.nanmean([]), x.nanmean((0, 1)))
print(x.nanmean(0).grad_fn.next_functions, x.nanmean().grad_fn.next_functions, x.nansum(1).grad_fn.name())
print(torch.nansum(torch.tensor([1, 2])), torch.nansum(torch.tensor([True, True])), torch.nansum(torch.tensor([1, 2]), dtype=torch.float32))
print(torch.nanmean(torch.tensor([float('nan')])), torch.nanmean(torch.tensor([[float('nan'), 1.0]]), 1))
y = x.nansum(); y.backward(); print(x.grad); x.grad = None
y = x.nansum(1); y.sum().backward(); print(x.grad); x.grad = None
y = x.nanmean(); y.backward(); print(x.grad); x.grad = None
y = x.nanmean(0); y.sum().backward(); print(x.grad); x.grad = None
(x.nansum(1, keepdim=True) * torch.tensor([[2.0], [float('inf')]])).sum().backward(); print(x.grad)
z = torch.tensor([0.1, 0.2, float('nan'), 0.3] * 5, dtype=torch.float32)
print(z.nansum().item(), z.nanmean().item(), z.double().nansum().item())
o = torch.zeros(2)
print(torch.nanmean(x.detach(), 1, out=o), o, torch.nansum(x.detach(), 1, out=torch.zeros(2)))
g, = torch.autograd.grad(x.nansum() * x.nansum(), x, create_graph=True)
print(g)
torch.manual_seed(0)
x = torch.randn(300, 37)
x[x > 1.5] = float('nan')
print(x.nansum().item(), x.nansum(0).tolist()[:5], x.nansum(1).tolist()[:5], x.nanmean().item(), x.nanmean(1).tolist()[:4])
y = torch.randn(5000)
y[::7] = float('nan')
print(y.nansum().item(), y.nanmean().item(), y.double().nansum().item())
