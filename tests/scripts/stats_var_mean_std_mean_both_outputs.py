# torch.std_mean / torch.var_mean: gradients through both outputs (spread and mean) add up as
# PyTorch's one node adds them (var_backward + mean_backward), bit for bit, in every order of use:
# one backward, autograd.grad of both, each alone, a product, hooks and retain_grad on the outputs,
# and second derivatives with create_graph=True
import torch
torch.manual_seed(0)
for dtype in (torch.float32, torch.float64):
    x = torch.randn(3, 4, dtype=dtype, requires_grad=True)
    for f, name in ((torch.std_mean, "std_mean"), (torch.var_mean, "var_mean")):
        for args, kw in [((1,), {}), ((0,), {"keepdim": True, "correction": 0}), (((0, 1),), {"correction": 2}), ((), {})]:
            s, m = f(x, *args, **kw)
            ws, wm = torch.randn(s.shape, dtype=dtype), torch.randn(m.shape, dtype=dtype)
            (s * ws + m * wm).sum().backward()
            print(name, dtype, args, kw, s.grad_fn.name(), m.grad_fn.name())
            print(x.grad.tolist())
            x.grad = None
            s, m = f(x, *args, **kw)
            torch.autograd.backward([m, s], [wm, ws])
            print(x.grad.tolist())
            x.grad = None
            s, m = f(x, *args, **kw)
            print(torch.autograd.grad(m, x, wm, retain_graph=True)[0].tolist(), torch.autograd.grad(s, x, ws)[0].tolist())
            s, m = f(x, *args, **kw)
            g, = torch.autograd.grad([s, m], x, [ws, wm], create_graph=True)
            h, = torch.autograd.grad((g * g).sum(), x)
            print(g.grad_fn.name(), g.tolist())
            print(h.tolist())
x = torch.tensor([[1.0, 2.0, 4.0], [0.5, -1.0, 3.0]], requires_grad=True)
s, m = torch.std_mean(x, 1)
s.retain_grad()
m.retain_grad()
s.register_hook(lambda g: g * 2)
m.register_hook(lambda g: g * 10)
(s * m).sum().backward()
print(x.grad, s.grad, m.grad)
