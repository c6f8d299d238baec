# a parameter group of another size
import torch
w = torch.ones(2, requires_grad=True)
b = torch.ones(1, requires_grad=True)
opt = torch.optim.Adam([w, b])
opt.load_state_dict(torch.optim.Adam([w]).state_dict())
