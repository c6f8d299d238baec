import torch
print(torch.einsum("ii", torch.ones(2, 3)))
