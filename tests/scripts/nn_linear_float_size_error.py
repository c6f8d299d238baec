import torch
from torch import nn

layer = nn.Linear(4, 2.5)
