import torch
import torch.optim as optim

w = torch.ones(2, requires_grad=True)
opt = optim.Adam([w], betas=(0.9, 1.0))
