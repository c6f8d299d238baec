import torch
import torch.nn as nn
# LeakyReLU(inplace=True) saves its output (LeakyReluBackward1); an in-place
# Dropout after it changes that output, so backward fails, naming LeakyRelu1
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 4), nn.LeakyReLU(0.1, inplace=True), nn.Dropout(0.5, inplace=True), nn.Linear(4, 1))
out = model(torch.randn(5, 3))
print(out)
out.sum().backward()
