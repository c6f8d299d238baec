import torch
from torch import nn

loss_fn = nn.MSELoss(reduction="avg")
print(loss_fn)
loss = loss_fn(torch.ones(2), torch.zeros(2))
