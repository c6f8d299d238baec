import torch
x = torch.ones(2, requires_grad=True)
for t in [x * 2, x]:
    # the leaf's grad_fn is None
    print(t.grad_fn.name())
