# a training batch of one value per channel: F.batch_norm's ValueError
import torch
import torch.nn as nn
bn = nn.BatchNorm1d(3)
print(bn(torch.randn(2, 3)).shape)
bn(torch.randn(1, 3))
