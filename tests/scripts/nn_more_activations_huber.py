# nn.Hardtanh, nn.ReLU6, nn.LogSigmoid and nn.HuberLoss: reprs, values, grad_fn names and gradients
import torch
from torch import nn
print(nn.Hardtanh(), nn.Hardtanh(-2., 2.), nn.ReLU6(), nn.ReLU6(inplace=True), nn.LogSigmoid(), nn.HuberLoss(), nn.HuberLoss(delta=0.5, reduction='sum'))
x = torch.tensor([-3., -0.5, 0.5, 7.], requires_grad=True)
print(nn.Hardtanh()(x), nn.ReLU6()(x), nn.LogSigmoid()(x), nn.HuberLoss(delta=0.5)(x, torch.zeros(4)))
loss = nn.HuberLoss(reduction="sum", delta=2.0)(nn.Hardtanh(-2, 2)(x * 3), torch.ones(4))
loss.backward()
print(loss, x.grad)
print(isinstance(nn.ReLU6(), nn.Module), type(nn.LogSigmoid()))
print(nn.Sequential(nn.Linear(2, 2), nn.ReLU6(), nn.Hardtanh(min_val=0.5)))
