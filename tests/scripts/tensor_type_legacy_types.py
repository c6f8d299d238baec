import torch

# the legacy tensor types: x.type(torch.LongTensor), isinstance(x, torch.FloatTensor), torch.FloatTensor.dtype
x = torch.tensor([1.5, 2.0])
print(x.type())
print(x.type(torch.LongTensor), x.type(torch.DoubleTensor), x.type(torch.FloatTensor), x.type(torch.IntTensor))
print(x.type(torch.BoolTensor))
print(x.type(torch.LongTensor).type(), x.type('torch.DoubleTensor'), x.type(torch.float64))
print(isinstance(x, torch.FloatTensor), isinstance(x, torch.DoubleTensor), isinstance(x.double(), torch.DoubleTensor))
print(isinstance(x.long(), torch.LongTensor), isinstance(x, torch.Tensor), isinstance(x, (torch.LongTensor, torch.FloatTensor)))
print(torch.FloatTensor, type(torch.FloatTensor), torch.FloatTensor.dtype)
print(x.type(torch.FloatTensor) is x)
print(type(x) is torch.FloatTensor, type(x) == torch.Tensor)
print(torch.FloatTensor([1, 2]).type())
print(x.type(torch.Tensor), torch.LongTensor.dtype)
print(isinstance(torch.nn.Parameter(x), torch.FloatTensor), isinstance(3, torch.FloatTensor), isinstance(x.int(), torch.IntTensor), isinstance(x.bool(), torch.BoolTensor))
print(torch.FloatTensor == torch.FloatTensor, torch.FloatTensor is torch.FloatTensor, {torch.LongTensor: 1}[torch.LongTensor])
print(x.type(dtype=torch.LongTensor), x.type(torch.LongTensor, non_blocking=True), torch.FloatTensor.is_cuda)
print(torch.LongTensor([1, 2]).type(torch.Tensor), x.double().type(torch.Tensor))
