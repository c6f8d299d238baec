import torch
import torch.nn as nn
import torch.nn.functional as F
# class-index targets: ignored targets' losses are +0, a 1-D input's loss is
# reduced whatever the reduction, and ignored targets get no gradient
x = torch.tensor([[0.0, -1.0, 2.0], [0.5, 0.0, -0.5]], requires_grad=True)
print(F.nll_loss(x, torch.tensor([0, 1]), reduction='none', ignore_index=1))
print(F.nll_loss(x, torch.tensor([0, 1]), reduction='none'))
v = torch.tensor([0.0, -1.0, 2.0], requires_grad=True)
print(F.nll_loss(v, torch.tensor(0), reduction='none'))
print(F.nll_loss(v, torch.tensor([0]), reduction='none'))
print(F.nll_loss(v, torch.tensor(0), reduction='none', ignore_index=0))
print(F.cross_entropy(v, torch.tensor([2])))
loss = F.nll_loss(x, torch.tensor([1, 1]), ignore_index=1)
print(loss)
loss.backward()
print(x.grad)
loss = F.nll_loss(v, torch.tensor(2), ignore_index=2)
loss.backward()
print(loss, v.grad)
g, = torch.autograd.grad(F.nll_loss(x, torch.tensor([1, 1]), ignore_index=1), x, create_graph=True)
print(g)
print(F.nll_loss(x, torch.tensor([0, 2], dtype=torch.uint8)))
# a negative label_smoothing means none, for both kinds of target
print(nn.CrossEntropyLoss(label_smoothing=-0.2)(x, torch.tensor([0, 2])))
print(F.cross_entropy(x, torch.softmax(x.detach(), 1), label_smoothing=-0.5))
print(F.cross_entropy(v, torch.softmax(v.detach(), 0), weight=torch.tensor([1.0, 2.0, 3.0]), reduction='none'))
print(F.cross_entropy(x, torch.tensor([0, 2]), weight=torch.tensor([1.0, 2.0, 3.0]), label_smoothing=0.3))
with torch.no_grad():
    print(F.nll_loss(x, torch.tensor([0, 2]), weight=torch.tensor([1.0, 2.0, 3.0], requires_grad=True)))
