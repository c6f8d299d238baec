# x.type(): the tensor type's name, or the tensor in another dtype
import torch
t = torch.ones(2, requires_grad=True)
print(t.type(), t.type(torch.float64), t.type('torch.DoubleTensor'), t.type(torch.float32) is t, t.type(dtype=torch.int64))
print(torch.ones(2, dtype=torch.bool).type(), torch.ones(2, dtype=torch.int8).type(), torch.ones(2, dtype=torch.uint8).type(), torch.ones(2, dtype=torch.float16).type())
print(t.type('torch.FloatTensor') is t, t.type(non_blocking=True), torch.arange(3).type(), torch.zeros(1, dtype=torch.int32).type())
y = t.type(torch.float64) * 2
y.sum().backward()
print(t.grad)
t.type('foo')
