# reciprocal's gradient is PyTorch's -grad * (result * result), the square first (the order shows in the last bit for a gradient other than ones)
import torch
torch.manual_seed(0)
for dtype in (torch.float32, torch.float64):
    x = torch.randn(8, dtype=dtype).requires_grad_()
    g = torch.randn(8, dtype=dtype)
    x.reciprocal().backward(g)
    print(x.grad.tolist())
    y = torch.randn(8, dtype=dtype).requires_grad_()
    (1 / y).backward(g)
    print(y.grad.tolist())
