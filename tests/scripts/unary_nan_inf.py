import torch
print(torch.log(torch.tensor([0., 1.])))
print(torch.sqrt(torch.tensor([-1., 4.])))
print(torch.tensor([1., 0.]) / 0)
print(torch.exp(torch.tensor([100., 1.])))
print(torch.tensor([1.]) / torch.tensor([0.]))
