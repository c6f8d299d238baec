import torch

A = [1, 2; 3, 4]
B = torch.tensor([[0.1, -0.2], [0.3, 0.05]], requires_grad=True)
C = (A.float() @ B).tanh()
loss = C.sum()
loss.backward()
print(C)
print(B.grad)
