# a value with more dims than its target (after its leading 1s) cannot be expanded to it
import torch
a = torch.zeros(2, 3)
a[0] = torch.ones(2, 3, dtype=torch.float64)
