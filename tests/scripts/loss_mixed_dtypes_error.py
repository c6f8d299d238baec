import torch
import torch.nn.functional as F

# losses whose operands differ in dtype: each keeps PyTorch's result dtype
x = torch.tensor([0.3, -1.2, 2.0], dtype=torch.float64, requires_grad=True)
t = torch.tensor([0.0, 1.0, 1.0])
loss = F.binary_cross_entropy_with_logits(x, t)
print(loss, loss.dtype)
loss.backward()
print(x.grad, x.grad.dtype)
x32 = torch.tensor([0.3, -1.2, 2.0], requires_grad=True)
out = F.binary_cross_entropy_with_logits(x32, t, pos_weight=torch.tensor([2.0, 1.0, 0.5], dtype=torch.float64),
                                         reduction='none')
print(out, out.dtype)
out = F.binary_cross_entropy_with_logits(x32, t.double(), weight=torch.ones(3), reduction='sum')
print(out, out.dtype)
print(torch.nn.BCEWithLogitsLoss()(x32, t))
h = F.huber_loss(x32, torch.tensor([0.5, -1.0, 0.0], dtype=torch.float64), reduction='none')
print(h, h.dtype)
print(F.mse_loss(x32, torch.tensor([1, 0, 2])), F.smooth_l1_loss(x32, torch.tensor([1.0, 0.0, 2.0], dtype=torch.float64)))
print(F.l1_loss(x32, torch.tensor([1, 0, 2])), F.mse_loss(torch.tensor([1, 2]), torch.tensor([0.5, 1.0])))
p = torch.tensor([0.25, 0.5, 0.9], requires_grad=True)
print(F.binary_cross_entropy(p, torch.tensor([0.0, 1.0, 1.0]), weight=torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)))
h.sum().backward()  # PyTorch's huber_loss_backward refuses mixed dtypes
