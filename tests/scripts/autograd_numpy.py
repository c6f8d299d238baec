import torch
x = torch.tensor([1., 2., 3.], requires_grad=True)
print(x.detach().numpy())
print(torch.tensor([1, 2]).numpy())
print(torch.tensor([[0.5, 1.], [2., 3.]]).numpy())
x.numpy()
