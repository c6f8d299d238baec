import torch

# strides, storage offsets and sizes in memory, of tensors and their views and copies
x = torch.arange(12.).reshape(3, 4)
for v in [x, x.t(), x[1:], x[:, 1:], x[1:, ::2], x[1], x[:, 2], x.t()[1:], x.unsqueeze(1), x[None], x.expand(2, 3, 4),
          x[0].expand(5, 4), x.view(4, 3), x.t().reshape(2, 2, 3), x.narrow(1, 1, 2), x.transpose(0, 1)[2:],
          x.t().clone(), x.flatten()[3:9].view(2, 3), torch.tensor(1.), x.chunk(2, 1)[1], x.split(1)[2], x.T.contiguous(), x.diag(),
          x.select(1, 3), x.permute(1, 0).unsqueeze(0), x.int()[1:], x.double().t()]:
    print(v.stride(), v.storage_offset(), v.element_size(), v.nbytes, v.itemsize, v.is_complex(), v.get_device(), v.is_contiguous())
print(x.stride(0), x.stride(-1), x.t().stride(1))
print(x.data_ptr() == x.view(12).data_ptr(), x[1:].data_ptr() - x.data_ptr(), x.t().data_ptr() == x.data_ptr())
print(torch.tensor(1.).stride())
torch.ones(3).t().stride(0) + x.stride(2)
