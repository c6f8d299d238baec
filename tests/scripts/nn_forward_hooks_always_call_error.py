# forward hooks with always_call=True still run when forward fails; the call's error is PyTorch's
import torch
import torch.nn as nn

torch.manual_seed(0)
lin = nn.Linear(3, 2)
calls = []
lin.register_forward_hook(lambda m, a, o: print("always", o is None, len(calls)) or calls.append(("always", o)),
                          always_call=True)
lin.register_forward_hook(lambda m, a, o: calls.append(("plain", o.shape)))
lin(torch.ones(3))
print(calls)
calls.clear()
h = lin.register_forward_pre_hook(lambda m, a: calls.append(("pre", len(a))))
h2 = lin.register_forward_hook(lambda m, a, o: h2.remove())
lin(torch.ones(1, 3))
lin(torch.ones(1, 3))
print(len(calls), calls[0], calls[2][0])
calls.clear()
h.remove()
lin(torch.ones(2))
