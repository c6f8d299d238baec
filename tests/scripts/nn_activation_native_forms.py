# The activations' forms that are PyTorch's native functions: torch.relu/selu/celu and their f_
# forms, F.relu_/selu_/celu_, F.elu_ (with elu's scale and input_scale), F.leaky_relu_,
# F.hardtanh_, x.relu(), x.relu_(): their arguments as PyTorch's parser reads them (numbers,
# 0-d tensors), values, nodes and gradients; F.gelu's approximate is keyword-only
import torch
import torch.nn.functional as F
x = torch.tensor([-2.0, -0.5, 0.0, 0.75, 3.0], requires_grad=True)
print(torch.relu(x), torch.selu(x), torch.celu(x), torch.celu(x, 0.5), torch.celu(x, alpha=2))
print(torch.celu(x, torch.tensor(0.25)), torch.celu(x, True), x.relu())
for name, f in [("torch.relu_", torch.relu_), ("F.relu_", F.relu_), ("x.relu_", lambda t: t.relu_()),
                ("torch.selu_", torch.selu_), ("F.selu_", F.selu_), ("torch.celu_", lambda t: torch.celu_(t, 0.5)),
                ("F.celu_", lambda t: F.celu_(t, alpha=1.5)), ("F.elu_", F.elu_), ("F.elu_ alpha", lambda t: F.elu_(t, 0.3)),
                ("F.elu_ scale", lambda t: F.elu_(t, 0.5, 2.0)), ("F.elu_ input_scale", lambda t: F.elu_(t, 1.5, 0.5, 3.0)),
                ("F.elu_ keywords", lambda t: F.elu_(t, input_scale=torch.tensor(2.0), scale=2)),
                ("F.leaky_relu_", lambda t: F.leaky_relu_(t, 0.2)), ("F.leaky_relu_ default", F.leaky_relu_),
                ("F.hardtanh_", lambda t: F.hardtanh_(t, -1.0, 2.0)), ("F.hardtanh_ default", F.hardtanh_)]:
    for dtype in (torch.float32, torch.float64):
        t = (x * 1).to(dtype)
        y = f(t)
        g, = torch.autograd.grad(y, x, torch.arange(1.0, 6.0, dtype=dtype), create_graph=True)
        h, = torch.autograd.grad(g.sum(), x, allow_unused=True) if g.requires_grad else (None,)
        print(name, y is t, y.grad_fn.name(), g.grad_fn.name() if g.grad_fn else None)
        print(y.tolist(), g.tolist(), h)
print(F.gelu(x, approximate="tanh"), F.gelu(x, approximate="none"))
print(torch.pairwise_distance(x[:3].reshape(1, 3), x[2:].reshape(1, 3)), torch.relu(torch.tensor([1, -2])))
torch.selu(x, True)
