# a slice of an expanded tensor has no two elements in one place, so a
# wrong shape is the error PyTorch reports there
import torch
a = torch.arange(3.0).expand(2, 3)
a[1:, :2] += torch.ones(2, 1)
