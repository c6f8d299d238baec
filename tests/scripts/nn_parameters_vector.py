# nn.utils.parameters_to_vector (CatBackward0) and vector_to_parameters (the parameters become views of the vector)
import torch
from torch import nn
torch.manual_seed(0)
m = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
v = nn.utils.parameters_to_vector(m.parameters())
print(v, v.shape, v.grad_fn)
(v ** 2).sum().backward()
print(m[0].weight.grad)
w = torch.arange(13.)
nn.utils.vector_to_parameters(w, m.parameters())
print(m[0].weight, m[2].bias)
w[0] = 100.
print(m[0].weight[0])
print(m(torch.ones(1, 2)))
nn.utils.vector_to_parameters(torch.ones(5), m.parameters())
