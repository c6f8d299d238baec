# torch.quantile / torch.nanquantile: every interpolation, q as a number and as a tensor, dims, NaNs,
# the grad_fn chain PyTorch's composition leaves (sort, view, gather, lerp_, squeeze_), and gradients
import torch


def chain(t):
    names = []
    fn = t.grad_fn
    while fn is not None:
        names.append(fn.name())
        nxt = [f for f, _ in fn.next_functions if f is not None]
        fn = nxt[0] if nxt else None
    return names


torch.manual_seed(0)
x = torch.randn(3, 5, requires_grad=True)
for mode in ["linear", "lower", "higher", "midpoint", "nearest"]:
    y = torch.quantile(x, 0.35, interpolation=mode)
    z = x.quantile(torch.tensor([0.1, 0.5, 0.9]), dim=1, keepdim=True, interpolation=mode)
    print(mode, y, z.shape, chain(y), chain(z))
    print(z)
    (y + z.sum()).backward()
    print(x.grad)
    x.grad = None
q = torch.tensor([0.0, 0.25, 1.0])
print(torch.quantile(x, q, dim=0))
print(torch.quantile(x, 0.5, dim=-1), torch.quantile(x, 0.5, dim=0, keepdim=True))
print(torch.quantile(x, 0.5, keepdim=True), x.quantile(q=0.75, dim=None))
print(torch.median(x, 1).values, torch.quantile(x, 0.5, dim=1, interpolation="lower"))

# float64, ties, 0-d and 1-d inputs
d = torch.tensor([[1.0, 2.0, 2.0, 3.0, 10.0], [4.0, 4.0, 4.0, -1.0, 0.5]], dtype=torch.float64, requires_grad=True)
out = torch.quantile(d, torch.tensor([0.3, 0.5, 0.875], dtype=torch.float64), dim=1)
print(out, chain(out))
out.sum().backward()
print(d.grad)
s = torch.tensor(2.5, requires_grad=True)
print(torch.quantile(s, 0.3), torch.quantile(s, 0.3, dim=0, keepdim=True), chain(torch.quantile(s, 0.3)))
v = torch.tensor([4.0, 1.0, 3.0, 2.0], requires_grad=True)
print(torch.quantile(v, torch.tensor([0.2, 0.8])), chain(torch.quantile(v, 0.5)), chain(torch.quantile(v, 0.5, 0)))
print(torch.quantile(torch.arange(10.0), torch.linspace(0, 1, 7), interpolation="nearest"))

# NaN: quantile gives NaN for a row holding one, nanquantile skips them (NaN for a row of NaN)
n = torch.tensor([[1.0, float("nan"), 2.0, 7.0], [float("nan")] * 4, [3.0, 1.0, 2.0, 0.0]], requires_grad=True)
print(torch.quantile(n, 0.5, dim=1))
m = torch.nanquantile(n, torch.tensor([0.0, 0.4, 1.0]), dim=1)
print(m, chain(m))
m.nansum().backward()
print(n.grad)
print(torch.nanquantile(n, 0.7), n.nanquantile(0.7, dim=0, keepdim=True))
with torch.no_grad():
    print(torch.quantile(x, 0.5).requires_grad)
print(torch.quantile(x.detach(), 0.5).grad_fn)
torch.quantile(x, 0.5, interpolation="cubic")
