import torch

# an elementwise result keeps a dense input's layout (TensorIterator)
x = torch.arange(6.).reshape(2, 3)
t = x.t()
for y in (torch.exp(t), torch.log(t + 1), torch.sin(t), torch.tanh(t), torch.sigmoid(t), t + 1, t * t,
          t + x.t(), -t, t.abs(), t.relu(), t.sum(0, keepdim=True), t.clone(), t.double(), t ** 2,
          torch.where(t > 1, t, 0.), t.clamp(min=1), torch.exp(t.double()), torch.exp(x[:, ::2])):
    print(y.stride(), y.is_contiguous())
print(torch.exp(t))
p = torch.arange(24.).reshape(2, 3, 4).permute(2, 0, 1)
print(torch.exp(p).stride(), torch.sqrt(p).stride())
print(torch.exp(p)[1, 1])
