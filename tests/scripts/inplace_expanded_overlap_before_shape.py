# an expanded target (elements sharing memory) is refused before its shape is checked
import torch
a = torch.zeros(1, 1).expand(1, 3)
a += torch.ones(2, 3)
