# reflect padding must be smaller than the dim it pads
import torch
import torch.nn.functional as F
x = torch.ones(1, 2, 3)
print(F.pad(x, (2, 2), mode="reflect").shape)
F.pad(x, (3, 0), mode="reflect")
