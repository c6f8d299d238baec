import math

import torch
import torch.nn as nn
import torch.nn.functional as F

# a name read twice from a module is one object, so `is`, ==, `in` and dict keys work
f = torch.tanh
print(f is torch.tanh, f == torch.tanh, torch.tanh in [torch.relu, torch.tanh])
print(torch.tanh != torch.relu, torch.tanh == torch.relu, torch.tanh in (torch.relu, torch.exp))
acts = {torch.relu: 'relu', torch.tanh: 'tanh', F.gelu: 'gelu'}
print(acts[torch.relu], acts[F.gelu], F.gelu in acts, torch.nn.functional.gelu in acts)
print(F.mse_loss == F.mse_loss, F.mse_loss is F.mse_loss, len({torch.tanh, torch.tanh, torch.relu}))
print(nn.ReLU is nn.ReLU, nn.ReLU == nn.ReLU, {nn.ReLU: 1}[nn.ReLU], nn.ReLU in [nn.Tanh, nn.ReLU])
print(math.sqrt is math.sqrt, math.sqrt == math.sqrt, {math.exp: 2}[math.exp])
print(nn.functional is F, torch.nn is nn, torch.float32 is torch.float32)
print(abs is abs, print == print, len in [len], max in [min])

# a bound method: equal when it is the same function of the same object, never the same object
x = torch.tensor([1.0, 2.0])
y = torch.tensor([1.0, 2.0])
print(x.exp == x.exp, x.exp is x.exp, x.exp == y.exp, x.exp != x.log, x.exp in [x.log, x.exp])
print({x.exp: 'e'}[x.exp], x.exp in {y.exp: 1})
m = nn.Linear(2, 2)
n = nn.Linear(2, 2)
print(m.forward == m.forward, m.forward is m.forward, m.forward == n.forward, m.forward in [n.forward, m.forward])
print({m.parameters: 1}[m.parameters], m.parameters == m.forward)


def pick(fn):
    return {torch.relu: 'relu', torch.sigmoid: 'sigmoid'}.get(fn, 'other')


print(pick(torch.relu), pick(torch.sigmoid), pick(torch.tanh), pick(F.relu))
