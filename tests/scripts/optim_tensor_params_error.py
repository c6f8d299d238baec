import torch
import torch.optim as optim

w = torch.ones(2, requires_grad=True)
opt = optim.SGD(w, lr=0.1)
