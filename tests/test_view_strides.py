"""``view`` and ``reshape`` of tensors that are not contiguous
(ops/shape.py ``viewed``/``view_strides``): a view exactly where PyTorch's
strides allow one, sharing the input's memory, with the input's values in
the new shape; otherwise PyTorch's error (view) or a copy (reshape)."""
from __future__ import annotations

import random

import numpy as np
import pytest

from gradcli.ops.shape import view_strides, viewed


def _random_case(rng: random.Random):
    """A (transformed array, target shape) pair: a C-contiguous array
    permuted, sliced, stepped, expanded and unsqueezed at random, and a
    shape of the same element count. Also the steps, to replay in PyTorch."""
    shape = tuple(rng.choice([1, 1, 2, 3, 4]) for _ in range(rng.randint(1, 4)))
    steps = []
    a = np.arange(int(np.prod(shape)), dtype=np.float32).reshape(shape)
    for _ in range(rng.randint(0, 3)):
        op = rng.choice(["permute", "slice", "step", "expand", "unsqueeze"])
        if op == "permute" and a.ndim > 1:
            p = list(range(a.ndim))
            rng.shuffle(p)
            steps.append(("permute", p))
            a = a.transpose(p)
        elif op == "slice" and a.ndim and a.shape[0] > 1:
            steps.append(("slice", None))
            a = a[1:]
        elif op == "step" and a.ndim and a.shape[-1] > 2:
            steps.append(("step", None))
            a = a[..., ::2]
        elif op == "expand" and 1 in a.shape:
            size = list(a.shape)
            size[size.index(1)] = 3
            steps.append(("expand", size))
            a = np.broadcast_to(a, size)
        elif op == "unsqueeze":
            d = rng.randint(0, a.ndim)
            steps.append(("unsqueeze", d))
            a = np.expand_dims(a, d)
    rest, target = a.size, []
    for _ in range(rng.randint(0, 3)):
        d = rng.choice([k for k in range(1, rest + 1) if rest % k == 0])
        target.append(d)
        rest //= d
    target.append(rest)
    rng.shuffle(target)
    return shape, steps, a, tuple(target)


CASES = [_random_case(random.Random(seed)) for seed in range(3000)]


def test_a_view_shares_memory_and_reads_the_values_in_order():
    seen = {True: 0, False: 0}
    for _, _, a, target in CASES:
        out = viewed(a, target)
        seen[out is None] += 1
        if out is not None:
            assert out.shape == target
            assert np.shares_memory(out, a) or a.size <= 1
            np.testing.assert_array_equal(out, np.ascontiguousarray(a).reshape(target))
        if a.flags.c_contiguous:
            assert out is not None
    assert seen[True] > 300 and seen[False] > 1000       # both outcomes are exercised


@pytest.mark.parametrize("old_shape,old_strides,shape,want", [
    ((3, 2), (1, 3), (3, 1, 2), (1, 6, 3)),          # x.t().view(3, 1, 2)
    ((3, 2), (1, 3), (1, 3, 2), (3, 1, 3)),
    ((3, 2), (1, 3), (6,), None),                      # needs a copy
    ((2, 2), (3, 2), (2, 1, 2), (3, 4, 2)),            # x[:, ::2].view(2, 1, 2)
    ((4, 2, 3), (0, 3, 1), (8, 3), None),              # an expanded dim spans two chunks
    ((4, 3), (0, 1), (2, 2, 3), (0, 0, 1)),
    ((0, 3), (3, 1), (3, 0), (1, 1)),                  # no elements: contiguous strides
    ((), (), (1, 1), (1, 1)),
])
def test_the_strides_are_pytorchs(old_shape, old_strides, shape, want):
    assert view_strides(old_shape, old_strides, shape) == want


def test_views_match_pytorch_live():
    torch = pytest.importorskip("torch")
    for shape, steps, a, target in CASES:
        t = torch.arange(int(np.prod(shape)), dtype=torch.float32).reshape(shape)
        for op, arg in steps:
            t = {"permute": lambda: t.permute(arg), "slice": lambda: t[1:], "step": lambda: t[..., ::2],
                 "expand": lambda: t.expand(arg), "unsqueeze": lambda: t.unsqueeze(arg)}[op]()
        try:
            want = t.view(target)
        except RuntimeError:
            want = None
        got = viewed(a, target)
        assert (got is None) == (want is None), (shape, steps, target)
        if got is not None:
            # a dim of size 1 has any stride; the others must be PyTorch's
            assert [s // 4 for s, n in zip(got.strides, target) if n > 1] == \
                [s for s, n in zip(want.stride(), target) if n > 1], (shape, steps, target)
