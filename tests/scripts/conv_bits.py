import torch
import torch.nn.functional as F

# float32 values and gradients bit for bit: oneDNN's order (batches, large
# kernels) and PyTorch's im2col and MKL's (one small sample), 1-D and 2-D
torch.manual_seed(3)
cases = [((1, 1, 32, 32), (6, 1, 5, 5), 1, 0, 1), ((1, 6, 14, 14), (16, 6, 5, 5), 1, 0, 1),
         ((4, 2, 9, 8), (4, 2, 3, 3), 1, 0, 1), ((2, 16, 6, 6), (5, 16, 3, 3), 1, 0, 1),
         ((1, 3, 8, 8), (4, 3, 3, 3), 1, 0, 1), ((1, 1, 5, 5), (1, 1, 3, 3), 1, 1, 1),
         ((2, 3, 12), (4, 3, 5), 1, 0, 1), ((1, 4, 10), (8, 4, 3), 2, 0, 1), ((4, 1, 22, 22), (3, 1, 5, 5), 1, 0, 1)]
for xs, ws, stride, padding, dilation in cases:
    x = torch.randn(xs, requires_grad=True)
    w = torch.randn(ws, requires_grad=True)
    b = torch.randn(ws[0], requires_grad=True)
    conv = F.conv2d if len(xs) == 4 else F.conv1d
    y = conv(x, w, b, stride, padding, dilation)
    y.backward(torch.randn(y.shape))
    for t in (y, x.grad, w.grad, b.grad):
        print(sum(t.double().flatten().tolist()), t.double().flatten()[:4].tolist())
