# index_add with alpha in float32 and float64, bit for bit: a tensor of 2 or more dims adds each slice with one fused multiply-add per element, index by index (along dim 0, 1 and 2, contiguous or not), a 1-D tensor multiplies then adds; an empty index
import torch
torch.manual_seed(0)
x = torch.randn(4, 37)
s = torch.randn(6, 37)
i = torch.tensor([0, 2, 0, 3, 3, 0])
print(x.index_add(0, i, s, alpha=0.1).tolist()[0][:8], x.index_add(0, i, s, alpha=0.1).tolist()[3][30:])
print(x.t().index_add(1, i, s.t(), alpha=-0.7).tolist()[5])
print(torch.randn(5).index_add(0, torch.tensor([1, 1, 4]), torch.randn(3), alpha=0.3).tolist())
print(x.index_add(1, torch.tensor([0, 5, 5]), torch.randn(4, 3), alpha=1.7).tolist()[1][:6])
y = torch.randn(3, 4, 5, dtype=torch.float64)
print(y.index_add(1, torch.tensor([3, 0, 3]), torch.randn(3, 3, 5, dtype=torch.float64), alpha=-0.3).tolist()[2][3])
print(torch.zeros(2, 3).index_add(0, torch.tensor([], dtype=torch.long), torch.zeros(0, 3), alpha=2.0))
