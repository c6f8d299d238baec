import torch
x = torch.tensor([[1., 5., 3.], [4., 9., 6.]])
print(x.argmax(), x.argmin(), x.argmax(dim=1), x.argmin(0, keepdim=True), torch.argmax(x, 1, True))
print(x.amax(0), x.amin(dim=1, keepdim=True), torch.amax(x, (0, 1)))
n = torch.tensor([[3, 1], [2, 7]])
print(n.max(), n.min(1), n.amax(0), n.argmax())
print(torch.maximum(n, torch.tensor([2, 2])), torch.minimum(x, torch.tensor(4.)))
