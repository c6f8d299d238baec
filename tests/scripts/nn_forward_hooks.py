# nn.Module forward hooks: pre-hooks that see (and may replace) the inputs, hooks that see (and may replace)
# the output, in order, on modules inside a Sequential too; RemovableHandle.remove() takes one off
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
seen = []


def record_output(module, inputs, output):
    seen.append((str(module).split("(")[0], len(inputs), tuple(inputs[0].shape), tuple(output.shape)))


handles = [m.register_forward_hook(record_output) for m in model]
x = torch.randn(5, 3)
y = model(x)
print(seen, y.grad_fn)
print(handles[0], type(handles[0]))

# a pre-hook replacing the input (a single value becomes a tuple of one), a hook replacing the output
scale = model[0].register_forward_pre_hook(lambda m, args: args[0] * 2)
clamp = model[2].register_forward_hook(lambda m, args, out: out.clamp(min=0.0))
seen.clear()
y2 = model(x)
print(y2, seen)
print(torch.equal(model[0](x), nn.functional.linear(2 * x, model[0].weight, model[0].bias)))
scale.remove()
clamp.remove()
scale.remove()
print(torch.equal(model(x), y))
for h in handles:
    h.remove()
seen.clear()
model(x)
print(seen)

# order, prepend, a pre-hook returning a tuple, None keeps the value, with_kwargs
lin = nn.Linear(2, 2)
order = []
lin.register_forward_pre_hook(lambda m, a: order.append("pre1"))
lin.register_forward_pre_hook(lambda m, a: order.append("pre0"), prepend=True)
lin.register_forward_hook(lambda m, a, o: order.append("post1"))
lin.register_forward_hook(lambda m, a, o: order.append("post0"), prepend=True)
lin(torch.ones(2))
print(order)
lin2 = nn.Linear(2, 1)
lin2.register_forward_pre_hook(lambda m, a: (a[0] + 1,))
lin2.register_forward_hook(lambda m, a, kw, out: print("kwargs hook", kw, a[0]) or out * 10, with_kwargs=True)
w = torch.tensor([[1.0, 2.0]], requires_grad=True)
out = lin2(w)
out.sum().backward()
print(out, out.grad_fn, w.grad)
# the module's forward called directly runs no hook
print(lin2.forward(w))

# a hook that captures activations, as feature-extraction code does
acts = {}


def save(name):
    def hook(module, inputs, output):
        acts[name] = output.detach()
    return hook


net = nn.Sequential(nn.Linear(3, 3), nn.Tanh(), nn.Linear(3, 1))
for name, m in net.named_children():
    m.register_forward_hook(save(name))
net(torch.ones(1, 3))
print(sorted(acts), acts["1"])
# with_kwargs pre-hook returning something else than (args, kwargs): PyTorch's error
bad = nn.Linear(1, 1)
bad.register_forward_pre_hook(lambda m, a, k: 3, with_kwargs=True)
bad(torch.ones(1))
