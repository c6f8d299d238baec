# F.layer_norm's weight must have normalized_shape's shape
import torch
import torch.nn.functional as F
x = torch.ones(2, 3)
F.layer_norm(x, [3], torch.ones(2, 3))
