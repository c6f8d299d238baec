import torch
import torch.nn as nn

print(torch.__version__)
print(torch.linalg.matmul(torch.tensor([[1.0, 2.0], [3.0, 4.0]]), torch.tensor([[0.5], [0.25]])))
# replacing a layer of a Sequential, as the tutorials do with a model's head
torch.manual_seed(0)
m = nn.Sequential(nn.Linear(2, 2), nn.ReLU(), nn.Linear(2, 1))
m[1] = nn.Tanh()
m[-1] = nn.Linear(2, 3)
m[True] = nn.Sigmoid()
print(m)
print(m(torch.ones(1, 2)))
print(len(list(m.parameters())))
m[1] = 3
