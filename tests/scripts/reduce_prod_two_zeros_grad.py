# the whole-tensor prod's gradient with two or more zeros is PyTorch's zeros (+0. whatever the incoming gradient: -1, nan, inf), and under create_graph its product formula
import torch
for g in (1.0, -1.0, float('nan'), float('inf')):
    x = torch.tensor([0., 0., 2.], requires_grad=True)
    (x.prod() * g).backward()
    w = torch.tensor([0., 3., 2.], requires_grad=True)
    (w.prod() * g).backward()
    z = torch.tensor([[0., 0.], [2., 3.]], requires_grad=True)
    gz, = torch.autograd.grad(z.prod() * g, z, create_graph=True)
    print(x.grad.tolist(), w.grad.tolist(), gz.detach().tolist())
