# the float32/float64 2-norm over the last dims and over a whole tensor in PyTorch's kernel order (8 or 4 lanes, then its tail), so norm, vector_norm, normalize, pairwise_distance, triplet_margin_loss and clip_grad_norm_ print PyTorch's digits
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(41)
torch.set_printoptions(precision=10)
for shape in ((3,), (5, 7), (4, 6, 9), (2, 1000), (64, 33)):
    x = torch.randn(*shape, requires_grad=True)
    n_all = x.norm()
    n_last = torch.linalg.vector_norm(x, 2, -1)
    n_keep = torch.norm(x, 2, -1, keepdim=True)
    n_all.backward()
    print(shape, n_all.item(), n_last.view(-1)[:4], n_keep.shape, x.grad.view(-1)[:3])
    x.grad = None
    if x.dim() > 1:
        print(F.normalize(x, dim=-1).view(-1)[:4])
        print(F.pairwise_distance(x, x.detach() * 0.5).view(-1)[:4])
x3 = torch.randn(4, 6, 8)
print(torch.linalg.vector_norm(x3, 2, (1, 2)), torch.linalg.vector_norm(x3.double(), 2, -1)[0])
a, p, n = torch.randn(10, 16), torch.randn(10, 16), torch.randn(10, 16)
print(F.triplet_margin_loss(a, p, n, margin=1.5).item(), F.triplet_margin_loss(a, p, n, swap=True, reduction='sum').item())
w1 = torch.randn(13, 7, requires_grad=True)
w2 = torch.randn(29, requires_grad=True)
((w1 * torch.randn(13, 7)).tanh().sum() + (w2 * w2 * 1.7).sum()).backward()
total = nn.utils.clip_grad_norm_([w1, w2], max_norm=0.5)
print(total.item(), w1.grad[0, :3], w2.grad[:3])
