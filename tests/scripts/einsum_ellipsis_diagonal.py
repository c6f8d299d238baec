import torch
a = torch.tensor([[1., 2., 3.], [4., 5., 6.], [7., 8., 10.]], requires_grad=True)
b = torch.tensor([[[1., -1.], [2., 0.5], [0., 3.]], [[1., 1.], [2., 2.], [-1., 0.]]], requires_grad=True)
c = torch.tensor([0.5, -2., 1.], requires_grad=True)
for eq, ops in [("ii->i", (a,)), ("ii", (a,)), ("ij,...jk->...ik", (a, b)), ("...ij,j->...i", (b.transpose(1, 2), c)),
                ("i...->...", (b,)), ("...", (c,)), ("ii,i->i", (a, c)), ("...i,...i", (a, c))]:
    r = torch.einsum(eq, *ops)
    print(eq, r.detach())
    for x in (a, b, c):
        x.grad = None
    (r * r).sum().backward()
    print(a.grad, b.grad, c.grad)
    print(a.grad, b.grad, c.grad)
