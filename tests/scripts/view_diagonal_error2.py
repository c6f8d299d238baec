import torch
# diagonal over a dim the tensor lacks
a = torch.ones(2, 3, 4)
a.diagonal(0, 0, 3)
