import torch
x = torch.tensor([0.5, 1.5, 2.5])
print(torch.where(x > 1, x, torch.zeros(3)))
print(torch.equal(x, x.clone()))
