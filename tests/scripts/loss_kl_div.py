# kl_div as torch.kl_div composes it (xlogy(target, target) - target * input, or exp(target) * (target - input) with log_target), reduced by mean, sum, none or batchmean (a sum divided by the batch size); nn.KLDivLoss; 'mean' warns
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(7)
for shape in ((3,), (4, 5), (2, 3, 4)):
    logits = torch.randn(*shape, requires_grad=True)
    q = F.softmax(torch.randn(*shape), dim=-1)
    for red in ('batchmean', 'sum', 'none', 'mean'):
        for lt in (False, True):
            # exp (log_target) is MKL's in PyTorch: its gradient's last bits may differ, so fewer digits there
            torch.set_printoptions(precision=6 if lt else 10)
            logp = F.log_softmax(logits, dim=-1)
            loss = F.kl_div(logp, q.log() if lt else q, reduction=red, log_target=lt)
            (loss.sum() if red == 'none' else loss).backward()
            print(shape, red, lt, loss.sum().item(), loss.grad_fn.name(), logits.grad.view(-1)[:3])
            logits.grad = None
teacher = torch.tensor([[0.7, 0.2, 0.1], [0.0, 0.5, 0.5]])
student = torch.log_softmax(torch.tensor([[1.0, 0.5, -1.0], [0.2, 0.1, 0.3]], requires_grad=True), dim=1)
crit = nn.KLDivLoss(reduction='batchmean')
print(crit, crit(student, teacher))
print(F.kl_div(torch.zeros(3), torch.tensor([0.0, 1.0, 2.0]), reduction='none'))
x = torch.tensor([0.0, 0.5, 2.0, -1.5], requires_grad=True)
y = torch.tensor([0.0, 3.0, 0.25, 2.0], requires_grad=True)
z = torch.xlogy(x, y)
z.sum().backward()
print(z, x.grad, y.grad)
print(torch.xlogy(x, 2.0), torch.xlogy(2, y), x.xlogy(y), torch.xlogy(torch.tensor([1, 2]), torch.tensor([3, 4])))
