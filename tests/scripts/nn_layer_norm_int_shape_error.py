# F.layer_norm takes normalized_shape as a tuple of ints (the module takes an int too)
import torch
import torch.nn.functional as F
x = torch.ones(2, 3)
print(torch.nn.LayerNorm(3)(x))
F.layer_norm(x, 3)
