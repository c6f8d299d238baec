import torch
import torch.nn.functional as F
# a warning names the line Python runs the call at: in a lambda its own line,
# in a chain of methods split over lines the method's line, in a call of an
# imported module's function the line the call starts on
x = torch.tensor([1.0], requires_grad=True)
f = lambda t: t.std()
print(f(x))
g = lambda t: (t.sum() +
               t.var())
print(g(x))
y = (x
     .std(0))
z = (torch
     .var(x, 0))
w = F.mse_loss(torch.ones(2),
               x)
def h(t):
    return (t *
            2).std(0, True)
h(x)
v = x * 2
k = lambda: v.grad
print(k(),
      v.grad)
print(torch.ones(2, 3, 4).T.shape)
n = float(x)
print(torch.tensor([1.0, 2.0]).var(correction=2))
