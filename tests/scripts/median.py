# median(): the lower median, NaN-aware, MedianBackward0 sharing the gradient among equal values; median(dim): PyTorch's (value, index) order, MedianBackward1
import torch
for v in ([3., 1., 2., 2.], [1., float('nan'), 2.], [5.], [2., 2., 1.]):
    x = torch.tensor(v, requires_grad=True)
    m = x.median()
    m.backward()
    print(m, x.grad)
print(torch.tensor([[1, 4], [3, 2]]).median(), torch.median(torch.tensor([[1., 4.], [3., 2.]])), torch.tensor([]).median())
x = torch.tensor([[2., 1., 2., 1.], [float('nan'), 1., float('nan'), 0.]], requires_grad=True)
r = x.median(dim=1)
print(r, r.values.grad_fn)
print(torch.median(x, 0, keepdim=True))
r.values[0].backward()
print(x.grad)
torch.ones(2, 0).median(1)
