# Python's builtin pow, round of nan and inf, slices stepping by 0, and PyTorch's integer pow
import torch


def show(label, fn):
    try:
        print(label, "->", fn())
    except Exception as e:
        print(label, "->", type(e).__name__, e)


show('pow(2)', lambda: pow(2))
show('pow()', lambda: pow())
show('pow(1,2,3,4)', lambda: pow(1,2,3,4))
show('pow(1,2,3,mod=4)', lambda: pow(1,2,3,mod=4))
show('pow(x=1, y=2)', lambda: pow(x=1, y=2))
show('pow(2, 3, z=1)', lambda: pow(2, 3, z=1))
show('pow(2, exp=3, base=1)', lambda: pow(2, exp=3, base=1))
show('pow(2, base=3)', lambda: pow(2, base=3))
show('pow(base=2)', lambda: pow(base=2))
show('pow(1,2,3,4,5)', lambda: pow(1,2,3,4,5))
show('pow(1, 2, mod=3, z=4)', lambda: pow(1, 2, mod=3, z=4))
show("'a' ** 2", lambda: 'a' ** 2)
show('[1] ** 2', lambda: [1] ** 2)
show('None ** 2', lambda: None ** 2)
show('pow(base=2, exp=3, mod=5)', lambda: pow(base=2, exp=3, mod=5))
show('pow(2, 3, mod=None)', lambda: pow(2, 3, mod=None))
show('pow(exp=2, base=3)', lambda: pow(exp=2, base=3))
show('torch.tensor([1,2])[::-1]', lambda: torch.tensor([1,2])[::-1])
show('torch.tensor([1,2])[::0]', lambda: torch.tensor([1,2])[::0])
show('torch.tensor([1,2])[1:2:0]', lambda: torch.tensor([1,2])[1:2:0])
show('torch.tensor([[1,2]])[0, ::0]', lambda: torch.tensor([[1,2]])[0, ::0])
show('[1,2][::0]', lambda: [1,2][::0])
show("'ab'[::0]", lambda: 'ab'[::0])
show('(1,)[::0]', lambda: (1,)[::0])
show('range(3)[::0]', lambda: range(3)[::0])
show('torch.Size([1])[::0]', lambda: torch.Size([1])[::0])
show("round(float('nan'))", lambda: round(float('nan')))
show("round(float('inf'))", lambda: round(float('inf')))
show("round(-float('inf'))", lambda: round(-float('inf')))
show("round(float('nan'), 1)", lambda: round(float('nan'), 1))
show('pow(2, 10)', lambda: pow(2, 10))
show('pow(2.0, 0.5)', lambda: pow(2.0, 0.5))
show('pow(3, 2, 5)', lambda: pow(3, 2, 5))
show('pow(2, -1)', lambda: pow(2, -1))
show('pow(0, -1)', lambda: pow(0, -1))
show('pow(0.0, -2)', lambda: pow(0.0, -2))
show('pow(2, -1, 5)', lambda: pow(2, -1, 5))
show('pow(2, -1, 4)', lambda: pow(2, -1, 4))
show('pow(2, 3, 0)', lambda: pow(2, 3, 0))
show('pow(2.0, 3, 5)', lambda: pow(2.0, 3, 5))
show('pow(2, 3, 5.0)', lambda: pow(2, 3, 5.0))
show('pow(torch.tensor(2), 3, 5)', lambda: pow(torch.tensor(2), 3, 5))
show('pow(2, torch.tensor(3), 5)', lambda: pow(2, torch.tensor(3), 5))
show("pow('a', 2)", lambda: pow('a', 2))
show('pow(True, 2)', lambda: pow(True, 2))
show('pow(-2, 0.5)', lambda: pow(-2, 0.5))
show('pow(torch.tensor([1., 2.]), 2)', lambda: pow(torch.tensor([1., 2.]), 2))
show('pow(2, torch.tensor([1, 2]))', lambda: pow(2, torch.tensor([1, 2])))
show('pow(torch.tensor([2, 3]), torch.tensor([-1, 2]))', lambda: pow(torch.tensor([2, 3]), torch.tensor([-1, 2])))
show('pow(torch.tensor([2, 3]), -1)', lambda: pow(torch.tensor([2, 3]), -1))
show('2 ** torch.tensor([-1, 2])', lambda: 2 ** torch.tensor([-1, 2]))
show('torch.tensor([1, 2]) ** torch.tensor([-1, 2])', lambda: torch.tensor([1, 2]) ** torch.tensor([-1, 2]))
show('torch.tensor([1, -1, 0, 2, -2, -1]) ** torch.tensor([-1, -1, -1, -1, -2, -3])', lambda: torch.tensor([1, -1, 0, 2, -2, -1]) ** torch.tensor([-1, -1, -1, -1, -2, -3]))
show('torch.pow(torch.tensor([1, 2]), -1)', lambda: torch.pow(torch.tensor([1, 2]), -1))
show('torch.tensor([1, 2]) ** -1', lambda: torch.tensor([1, 2]) ** -1)
show('torch.tensor([1, 2]).pow(-2)', lambda: torch.tensor([1, 2]).pow(-2))
show('torch.pow(2, torch.tensor([-1, 0, 3]))', lambda: torch.pow(2, torch.tensor([-1, 0, 3])))
show('(-1) ** torch.tensor([-1, -2, 3])', lambda: (-1) ** torch.tensor([-1, -2, 3]))
show('torch.tensor([1, 2], dtype=torch.int32) ** torch.tensor([-1, 2], dtype=torch.int8)', lambda: torch.tensor([1, 2], dtype=torch.int32) ** torch.tensor([-1, 2], dtype=torch.int8))
show('0 ** torch.tensor([-1, 2])', lambda: 0 ** torch.tensor([-1, 2]))
show('torch.tensor(2) ** torch.tensor(-1)', lambda: torch.tensor(2) ** torch.tensor(-1))
show('torch.tensor([1., 2.]) ** torch.tensor([-1, 2])', lambda: torch.tensor([1., 2.]) ** torch.tensor([-1, 2]))
show('torch.tensor([2, 4]) ** torch.tensor([-1., 0.5])', lambda: torch.tensor([2, 4]) ** torch.tensor([-1., 0.5]))
show('True ** torch.tensor([-1, 2])', lambda: True ** torch.tensor([-1, 2]))
x = [1, 2, 3]
try:
    del x[::0]
except ValueError as e:
    print('del', e)
try:
    x[::0] = [5]
except ValueError as e:
    print('set', e)
t = torch.tensor([1, 2])
try:
    t[::0] = 1
except ValueError as e:
    print('tensor set', e)
