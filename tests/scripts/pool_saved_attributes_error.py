import torch
import torch.nn.functional as F
torch.manual_seed(0)
x = torch.randn(1, 1, 4, 4, requires_grad=True)
for y in [F.max_pool2d(x, 2), F.max_pool2d(x, (2, 1), 1, 0, 1, True), F.avg_pool2d(x, 2), F.avg_pool2d(x, 3, 1, 1, True, False, 2), F.adaptive_max_pool2d(x, 2), F.max_pool1d(x[0], 2).grad_fn.next_functions[0][0], F.avg_pool1d(x[0], 3, padding=1).grad_fn.next_functions[0][0]]:
    n = y.grad_fn if isinstance(y, torch.Tensor) else y
    print(n.name())
    if n.name() != "AdaptiveMaxPool2DBackward0":
        print(n._saved_kernel_size, n._saved_stride, n._saved_padding, n._saved_ceil_mode)
    if n.name() == "AvgPool2DBackward0":
        print(n._saved_count_include_pad, n._saved_divisor_override)
    else:
        print(n._saved_result1)
    print(n._saved_self.shape)
y = F.max_pool2d(x, 2)
y.sum().backward()
print(y.grad_fn._saved_result1)
