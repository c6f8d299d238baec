# repeat_interleave in its forms: an int count (unsqueeze, expand, clone, view: ViewBackward0), a tensor of counts (IndexSelectBackward0), a one-element count tensor, dim=None (flattened first), output_size=, 0-d and integer inputs, torch.repeat_interleave(counts); the grad_fn chains and gradients as PyTorch's
import torch
x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
v = torch.tensor([1., 2.], requires_grad=True)
print(x.repeat_interleave(2), torch.repeat_interleave(x, 2, dim=0), x.repeat_interleave(3, 1), x.repeat_interleave(2, dim=-1))
print(x.repeat_interleave(torch.tensor([1, 2]), dim=0), torch.repeat_interleave(x, torch.tensor([1, 0]), dim=1), x.repeat_interleave(torch.tensor(2)))
print(x.repeat_interleave(torch.tensor([2]), dim=0), x.repeat_interleave(repeats=2, dim=0, output_size=4), x.repeat_interleave(0), x.repeat_interleave(1, 0))
print(torch.repeat_interleave(torch.tensor([2, 1, 3])), torch.repeat_interleave(torch.tensor([2, 1], dtype=torch.int32), output_size=3), torch.repeat_interleave(torch.tensor([], dtype=torch.long)))
print(torch.tensor(5.).repeat_interleave(3), torch.tensor(5., requires_grad=True).repeat_interleave(3), torch.tensor([1, 2]).repeat_interleave(2))
print(x.repeat_interleave(torch.tensor([1, 2], dtype=torch.int32), dim=0), v.repeat_interleave(torch.tensor(2), 0), x.t().repeat_interleave(2, 0))
for y in (x.repeat_interleave(2), x.repeat_interleave(2, 1), x.repeat_interleave(torch.tensor([1, 2]), 0), x.repeat_interleave(torch.tensor(2)), v.repeat_interleave(2), x.t().repeat_interleave(2, 0)):
    names, f = [], y.grad_fn
    while f is not None:
        names.append(f.name())
        nxt = [n for n, _ in f.next_functions if n is not None]
        f = nxt[0] if nxt else None
    print(names, y.shape)
y = x.repeat_interleave(torch.tensor([1, 2]), dim=0); (y * torch.arange(6.).view(3, 2)).sum().backward(); print(x.grad); x.grad = None
y = x.repeat_interleave(2); (y * torch.arange(8.)).sum().backward(); print(x.grad); x.grad = None
y = x.repeat_interleave(3, dim=1); (y * y).sum().backward(); print(x.grad); x.grad = None
g, = torch.autograd.grad((x.repeat_interleave(2, 0) ** 2).sum(), x, create_graph=True)
print(g.detach(), g.requires_grad)
