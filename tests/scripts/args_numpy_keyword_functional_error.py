import torch
import torch.nn.functional as F

x = torch.tensor([[1., 5., 3.], [4., 2., 6.]])
print(torch.softmax(x, axis=1), x.softmax(axis=0))
print(F.softmax(x, axis=1))
