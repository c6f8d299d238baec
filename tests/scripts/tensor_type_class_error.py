import torch
import torch.nn as nn

x = torch.tensor([1.5, 2.0])
print(x.type(torch.Tensor), x.type(torch.IntTensor))
print(x.type(nn.Linear))
