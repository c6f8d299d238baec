import torch
import torch.nn as nn

model = nn.Sequential(nn.ReLU(), nn.Tanh())
print(model[1])
print(model[2])
