import torch
# diagonal of a 1-D tensor
print(torch.ones(3).diagonal())
