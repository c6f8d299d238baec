# multilabel_soft_margin_loss, cosine_embedding_loss, pairwise_distance, triplet_margin_loss (composed of ops as PyTorch composes them) and soft_margin_loss (its own node), each reduction, and their nn modules
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(31)
torch.set_printoptions(precision=10)
for n in (2, 5, 33):
    x = torch.randn(n, 6, requires_grad=True)
    y = torch.randn(n, 6, requires_grad=True)
    z = torch.randn(n, 6)
    lab = (torch.rand(n, 6) > 0.5).float()
    t = (torch.randint(0, 2, (n,)) * 2 - 1).float()
    w = torch.rand(6)
    for red in ('mean', 'sum', 'none'):
        for name, f in (('mlsm', lambda: F.multilabel_soft_margin_loss(x, lab, reduction=red)),
                        ('mlsm_w', lambda: F.multilabel_soft_margin_loss(x, lab, weight=w, reduction=red)),
                        ('cos', lambda: F.cosine_embedding_loss(x, y, t, margin=0.2, reduction=red)),
                        ('pd', lambda: F.pairwise_distance(x, y)),
                        ('tri', lambda: F.triplet_margin_loss(x, y, z, margin=2.0, reduction=red)),
                        ('tri_swap', lambda: F.triplet_margin_loss(x, y, z, margin=2.0, swap=True, p=1, reduction=red)),
                        ('sm', lambda: F.soft_margin_loss(x, lab * 2 - 1, reduction=red))):
            l = f()
            l.sum().backward()
            # norm's order of additions and MKL's exp (triplet_margin_loss, soft_margin_loss) move the last bits of the loss
            v = f'{l.sum().item():.3f}' if name.startswith(('tri', 'sm')) else l.sum().item()
            print(n, name, red, v, l.grad_fn.name(), x.grad[0, :3], None if y.grad is None else y.grad[0, :2])
            x.grad = y.grad = None
print(nn.CosineEmbeddingLoss(margin=0.1), nn.TripletMarginLoss(margin=0.5), nn.MultiLabelSoftMarginLoss(), nn.SoftMarginLoss())
