import torch
# torch.set_grad_enabled(mode) switches grad mode as it is called: as a plain
# statement it lasts; its with block and its decorator give back the mode it found
x = torch.ones(2, requires_grad=True)
c = torch.set_grad_enabled(False)
print(torch.is_grad_enabled(), (x * 2).requires_grad, c)
torch.set_grad_enabled(True)
print(torch.is_grad_enabled())
with c:
    print(torch.is_grad_enabled())
print(torch.is_grad_enabled())
torch.set_grad_enabled(False)
with torch.set_grad_enabled(True):
    print(torch.is_grad_enabled(), (x * 2).requires_grad)
print(torch.is_grad_enabled())
with torch.enable_grad():
    print(torch.is_grad_enabled())
print(torch.is_grad_enabled())
torch.set_grad_enabled(mode=True)
@torch.set_grad_enabled(False)
def f(t):
    return torch.is_grad_enabled(), (t * 2).requires_grad
print(torch.is_grad_enabled(), f(x), torch.is_grad_enabled())
def train(flag):
    torch.set_grad_enabled(flag)
    return (x * 3).requires_grad
print(train(False), torch.is_grad_enabled(), train(True))
print(repr(torch.set_grad_enabled(True)), str(torch.set_grad_enabled(True)))
torch.set_grad_enabled(1)
