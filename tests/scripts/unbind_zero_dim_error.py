import torch
print(torch.tensor(3.).unbind())
