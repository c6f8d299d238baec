"""var_mean and std_mean bit for bit against PyTorch's CPU Welford kernel
(gradcli/engine/moments.py ``welford_rows``): recorded values (no torch
needed) and live comparisons over many shapes, dims, layouts and dtypes."""
from __future__ import annotations

import numpy as np
import pytest

from gradcli.engine.tensor import Tensor
from gradcli.ops import names

# PyTorch 2.13's torch.var_mean(x, 1) of two float32 rows of n values,
# N(0.001, 3**2) from numpy's default_rng(seed): rows where the variance or
# the mean computed in float64 by numpy and rounded has other last bits
RECORDED = [
    (552, 20, ['0x1.0ae0900000000p+3', '0x1.06c2c80000000p+3'], ['-0x1.f440fe0000000p-2', '-0x1.c1262a0000000p-2']),
    (598, 28, ['0x1.4fffa00000000p+3', '0x1.0ae9dc0000000p+3'], ['0x1.7635ca0000000p-1', '0x1.34328a0000000p-1']),
    (823, 8, ['0x1.6a1f180000000p+1', '0x1.897ab00000000p+2'], ['0x1.d4e6360000000p-4', '0x1.b461240000000p-1']),
    (1480, 96, ['0x1.3aa4640000000p+3', '0x1.1739600000000p+3'], ['-0x1.05b3460000000p-2', '0x1.79e50a0000000p-7']),
    (2669, 184, ['0x1.0dd3920000000p+3', '0x1.6be14c0000000p+3'], ['0x1.6ded1e0000000p-5', '-0x1.cf50480000000p-3']),
]


def _rows(seed, n):
    rng = np.random.default_rng(seed)
    assert int(rng.integers(5, 300)) == n
    return (rng.standard_normal((2, n)) * 3 + 0.001).astype(np.float32)


def _hex(t):
    return [float(v).hex() for v in t.data.reshape(-1)]


@pytest.mark.parametrize("seed, n, variances, means", RECORDED, ids=[str(r[0]) for r in RECORDED])
def test_recorded_var_mean(seed, n, variances, means):
    var, mean = names.TORCH["var_mean"](Tensor(_rows(seed, n)), 1)
    assert _hex(var) == variances
    assert _hex(mean) == means
    _, mean2 = names.TORCH["std_mean"](Tensor(_rows(seed, n)), 1)
    assert _hex(mean2) == means


def test_two_pass_moments_give_other_bits():
    """numpy's two-pass moments in float64, rounded, differ on these rows: the model matters."""
    differ = 0
    for seed, n, variances, means in RECORDED:
        x = _rows(seed, n).astype(np.float64)
        got = ([float(v).hex() for v in x.var(axis=1, ddof=1).astype(np.float32)],
               [float(v).hex() for v in x.mean(axis=1).astype(np.float32)])
        differ += got != (variances, means)
    assert differ == len(RECORDED)


def _case(rng):
    nd = int(rng.integers(0, 4))
    shape = tuple(int(s) for s in rng.integers(1, 9, size=nd))
    scale, offset = 10 ** rng.uniform(-3, 3), rng.uniform(-2, 2)
    x = rng.standard_normal(shape) * scale + offset * scale
    dims = None
    if nd and rng.random() < 0.7:
        k = int(rng.integers(1, nd + 1))
        dims = tuple(int(d) for d in rng.choice(nd, size=k, replace=False))
    transpose = nd > 1 and rng.random() < 0.3
    return x, dims, transpose, bool(rng.random() < 0.3), [0, 1, 2, 0.5][int(rng.integers(0, 4))]


@pytest.mark.parametrize("dt", [np.float32, np.float64], ids=["float32", "float64"])
def test_live_var_mean_bits(dt):
    """300 random calls per dtype, and long rows (PyTorch's threads split a
    single output's elements above 32,768): values of both outputs equal."""
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(5)
    calls = [_case(rng) for _ in range(300)]
    calls += [(rng.standard_normal(n) + 0.01, None, False, False, 1) for n in (32767, 32768, 40001, 100000)]
    calls.append((rng.standard_normal((50, 700)) * 4, (1,), True, False, 1))
    for x, dims, transpose, keepdim, correction in calls:
        a = np.asarray(x, dtype=dt)
        if transpose:
            a = a.T
        for name in ("var_mean", "std_mean"):
            theirs = getattr(torch, name)(torch.from_numpy(a), dims, correction=correction, keepdim=keepdim)
            mine = names.TORCH[name](Tensor(a), dims, correction=correction, keepdim=keepdim)
            where = (name, a.shape, dims, transpose, keepdim, correction)
            for m, t in zip(mine, theirs):
                assert m.data.shape == tuple(t.shape), where
                assert np.array_equal(m.data, t.numpy(), equal_nan=True), where
