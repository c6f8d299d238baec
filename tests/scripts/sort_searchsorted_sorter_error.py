# searchsorted with a sorter index outside the boundaries: PyTorch's RuntimeError
import torch
s = torch.tensor([5.0, 1.0, 3.0])
print(torch.searchsorted(s, torch.tensor([2.0]), sorter=torch.tensor([1, 2, 0])))
i = torch.searchsorted(s, torch.tensor([2.0]), sorter=torch.tensor([1, 2, 3]))
