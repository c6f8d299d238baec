import torch
import torch.nn.functional as F
# PyTorch's forward reads a 1-D input's one-element 1-D target; its backward refuses it
v = torch.tensor([0.0, -1.0, 2.0], requires_grad=True)
loss = F.cross_entropy(v, torch.tensor([1]))
print(loss)
loss.backward()
