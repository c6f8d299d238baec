# an unknown padding mode
import torch
import torch.nn.functional as F
F.pad(torch.ones(1, 2, 3), (1, 1), mode="mirror")
