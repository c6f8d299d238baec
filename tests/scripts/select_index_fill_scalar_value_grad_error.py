# index_fill of a 0-d tensor with no index and a tensor value: its backward is index_select's error, as PyTorch's
import torch
x = torch.tensor(3.0, requires_grad=True)
v = torch.tensor(2.0, requires_grad=True)
r = x.index_fill(0, torch.tensor([], dtype=torch.long), v)
print(r)
r.backward()
