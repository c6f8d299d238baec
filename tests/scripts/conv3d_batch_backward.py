# A batch through a padded 3-d convolution, then backward: the weight's and the bias's gradients
# (summed in another order than oneDNN's, so shown to two decimals).
import torch
torch.manual_seed(0)
m = torch.nn.Conv3d(1, 2, 3, padding=1)
x = torch.randn(2, 1, 4, 8, 8)
y = m(x)
print(y.shape, y.grad_fn.name())
y.sum().backward()
print(m.weight.grad.shape, m.weight.grad.round(decimals=2))
print(m.bias.grad)
