import torch
import torch.nn as nn

model = nn.Sequential(nn.ReLU())
print(model.weight)
