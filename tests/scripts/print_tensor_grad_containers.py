import torch
x = torch.tensor([1., 2.], requires_grad=True)
y = x * x
print([y])
print((x, y.sum()))
print("loss", y.sum(), "done")
print(y.grad_fn, x.grad_fn)
print([x.grad])
