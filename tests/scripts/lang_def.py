import torch


def affine(x, w, b=0.5, *, scale=1.0):
    """A docstring is an expression statement."""
    return scale * (x * w + b)


def total(*args, **kwargs):
    s = 0
    for a in args:
        s = s + a
    for k, v in sorted(kwargs.items()):
        print("kw", k, v)
    return s


def counter():
    count = [0]

    def bump(step=1):
        count[0] += step
        return count[0]
    return bump


def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)


x = torch.tensor([1.0, 2.0], requires_grad=True)
w = torch.tensor(3.0, requires_grad=True)
y = affine(x, w, scale=2.0).sum()
y.backward()
print(y, x.grad, w.grad)
print(total(1, 2, 3, a=1, b=2), total())
bump = counter()
bump()
print(bump(5), fact(10), fact(30))
args = (1, 2)
opts = {"b": 3}
print(affine(*args, **opts), (lambda a, b=2: a * b)(4))
print(affine, fact.__name__ if False else "f", type(affine), type(lambda: 0))
