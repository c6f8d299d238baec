# the running statistics have as many elements as features
import torch
import torch.nn as nn
nn.BatchNorm1d(4)(torch.randn(5, 3))
