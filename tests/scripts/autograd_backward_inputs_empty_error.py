import torch
x = torch.tensor([2.0, 1.0], requires_grad=True)
y = (x * 3).sum()
y.backward(inputs=[x], retain_graph=True)
print(x.grad)
y.backward(inputs=[])
