import torch
x = torch.tensor([1., 2.])
assert x.shape == (2,), "bad shape"
print("shape ok")
assert x.dtype == torch.int64, "expected int64"
