import torch
x = torch.tensor([[1., 2., 3.], [4., 5., 6.]])
print(torch.equal(x, x.clone()), torch.equal(x, x[0]), x.equal(x * 2))
print(torch.equal(torch.tensor([1, 2]), torch.tensor([1., 2.])))
print(x.is_contiguous(), x.t().is_contiguous(), x[:, 1].is_contiguous(), x.t().contiguous().is_contiguous())
print(torch.equal(x, 1))
