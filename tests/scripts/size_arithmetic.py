# torch.Size is a tuple whose + and * give a torch.Size again (on either
# side), with only ints as items; a tensor is the count of * and never a
# tensor operand.
import torch
s = torch.zeros(2, 3).shape
print(s + (4,), (1,) + s, s * 2, 2 * s)
print(s + s, s * 0, s * True, s * -1, 2 * s * 2, s * 2 + (1,))
print(type(s + (4,)), type((1,) + s), type(s * 2), type(2 * s), type(s[1:]))
print(s * torch.tensor(2), torch.tensor(2) * s, s + (torch.tensor(4),), s + (True,))
print(torch.Size([torch.tensor(3), True]), torch.Size(range(3)), torch.Size() + (1,))
print(s == torch.tensor([2, 3]), s != torch.tensor([2, 3]), s == (2, 3), s + (5,) == (2, 3, 5))
t = s
t += (5,)
t *= 2
print(t, type(t), s)
print(s[-1], s[::-1])
print(s + (1.5,))
