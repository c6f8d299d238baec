# A module's parameters(), named_parameters(), children() and modules() are
# generators, as in PyTorch; iter() and next() as in Python.
import torch

torch.manual_seed(0)
model = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.Tanh(), torch.nn.Linear(2, 1))
print(model.parameters())
print(type(model.parameters()), type(model.named_parameters()))
print(next(model.parameters()).shape)
ps = model.parameters()
print(next(ps).shape, next(ps).shape)
print([p.shape for p in ps])
print(list(ps))
print(sum(p.numel() for p in model.parameters()))
print([n for n, _ in model.named_parameters()])
print(dict(model.named_parameters())["2.bias"])
print(list(model.children()))
print(len(list(model.modules())), [n for n, _ in model.named_children()], [n for n, _ in model.named_modules()])
print(model.children(), model.named_modules())
opt = torch.optim.SGD((p for p in model.parameters() if p.dim() > 1), lr=0.1)
print(len(opt.param_groups[0]["params"]))
loss = model(torch.ones(4, 3)).pow(2).mean()
loss.backward()
print(torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0))
it = iter([1, 2, 3])
print(it, next(it), next(it), next(it), next(it, "done"))
rows = iter(torch.tensor([[1., 2.], [3., 4.]], requires_grad=True))
print(rows, next(rows))
for name, x in zip("ab", iter((1, 2))):
    print(name, x)
print(iter("ab"), iter({1: 2}), iter({1}), iter(range(3)), iter((1,)))
print(next(iter({"k": 1}.items())), next(iter({"k": 1}.values())))
print(next, iter)
g = (i * i for i in range(3))
print(iter(g) is g, next(g), list(g), next(g, None))
empty = model.parameters()
for p in empty:
    pass
print(next(empty))
