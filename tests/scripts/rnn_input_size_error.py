import torch
import torch.nn as nn

torch.manual_seed(5)
lstm = nn.LSTM(3, 4)
print(lstm(torch.randn(2, 1, 3))[0].shape)
lstm(torch.randn(2, 1, 5))
