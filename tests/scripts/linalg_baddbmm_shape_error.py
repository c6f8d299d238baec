# baddbmm whose input does not expand to the product's shape: PyTorch's expand error
import torch
c = torch.ones(2, 3, 5)
print(torch.baddbmm(torch.ones(2, 3, 4), torch.ones(2, 3, 5), torch.ones(2, 5, 4)).sum())
y = torch.baddbmm(c, torch.ones(2, 3, 5), torch.ones(2, 5, 4))
