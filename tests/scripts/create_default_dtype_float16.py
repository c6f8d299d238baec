import torch
# a float16 default dtype, then back to float32 for the rest of the script
torch.set_default_dtype(torch.float16)
torch.manual_seed(0)
print(torch.tensor([1.5, 2.0]), torch.zeros(2), torch.rand(3), torch.randn(3), torch.arange(0.0, 1.0, 0.25), torch.tensor([1, 2]) / 3)
print(torch.get_default_dtype(), torch.tensor([1.0], dtype=torch.float32), torch.linspace(0, 1, 3))
x = torch.tensor([0.5, 1.5], requires_grad=True)
(x * x).sum().backward()
print(x.grad, torch.nn.Linear(2, 1).weight)
torch.set_default_dtype(torch.float32)
print(torch.tensor([1.5]), torch.tensor([1.5], dtype=torch.float16), torch.get_default_dtype())
