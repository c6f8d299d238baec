"""var_mean and std_mean bit for bit against PyTorch's CPU Welford kernel
(gradcli/engine/moments.py ``welford_rows``), and var and std, which reduce
to one output by two passes (``var_all``): recorded values (no torch
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


# PyTorch 2.13's x.var() and x.std(correction=0) of n float64 values,
# N(0.5, 3**2) from numpy's default_rng(seed): numpy's two-pass moments
# give other last bits for each
RECORDED_ALL = [
    (1, 3313, '0x1.1d4ae46b6e2f2p+3', '0x1.7e2211dba4a77p+1'),
    (3, 5038, '0x1.2225b63b2919bp+3', '0x1.8164003e3a5b7p+1'),
    (4, 4604, '0x1.1d5b7c6b437dbp+3', '0x1.7e3152ea5de4cp+1'),
    (5, 4321, '0x1.1e7ef0ee9060fp+3', '0x1.7ef39caaf17c4p+1'),
    (6, 3169, '0x1.24868c29eecfbp+3', '0x1.82f1b8b70496bp+1'),
]

# x[:, 1:, :-1].var() of float64 N(0.5, 3**2) blocks of these shapes: the
# slices do not merge into one run, and PyTorch sums each 2-D slice's
# squares from zero before adding it to the total (one running sum differs)
RECORDED_SLICED = [
    (1, (16, 17, 23), '0x1.1f31c7e030572p+3'),
    (2, (25, 11, 7), '0x1.24074ee540e9bp+3'),
    (3, (25, 7, 9), '0x1.197fd2f212f62p+3'),
]


def _values(seed, n):
    rng = np.random.default_rng(seed)
    assert int(rng.integers(900, 6000)) == n
    return rng.standard_normal(n) * 3 + 0.5


@pytest.mark.parametrize("seed, n, variance, deviation", RECORDED_ALL, ids=[str(r[0]) for r in RECORDED_ALL])
def test_recorded_var_std_float64(seed, n, variance, deviation):
    x = _values(seed, n)
    assert float(names.TORCH["var"](Tensor(x)).data).hex() == variance
    assert float(names.TORCH["std"](Tensor(x), correction=0).data).hex() == deviation
    assert float(x.var(ddof=1)).hex() != variance and float(x.std()).hex() != deviation
    # the same reduction named by its dim: one output, the same two passes
    assert float(names.TORCH["var"](Tensor(x), 0).data).hex() == variance


@pytest.mark.parametrize("seed, shape, variance", RECORDED_SLICED, ids=[str(r[0]) for r in RECORDED_SLICED])
def test_recorded_var_sliced(seed, shape, variance):
    rng = np.random.default_rng(seed)
    assert tuple(int(s) for s in rng.integers(5, 30, size=3)) == shape
    x = (rng.standard_normal(shape) * 3 + 0.5)[:, 1:, :-1]
    assert float(names.TORCH["var"](Tensor(x)).data).hex() == variance


def _var_call(rng, it):
    """A random var/std call: (name, array, args, kwargs)."""
    dt = (np.float64, np.float32, np.float16)[it % 3 if it % 10 else 2]
    if it % 4 == 0:
        shape = (int(rng.integers(1, 5001)),)
    else:
        nd = int(rng.integers(0, 5))
        shape = tuple(int(s) for s in rng.integers(1, 40 if nd < 3 else 12, size=nd))
    nd = len(shape)
    x = np.asarray(rng.standard_normal(shape) * rng.uniform(0.1, 100) + rng.uniform(-50, 50)).astype(dt)
    if nd > 1 and rng.random() < 0.5:
        x = np.transpose(x, rng.permutation(nd))
    if nd and rng.random() < 0.2:
        x = x[..., ::2]
    kwargs = {} if it % 5 == 4 else {"correction": (0, 1, 2.5, 7)[it % 4]}
    args = ()
    if nd and rng.random() < 0.5:
        dims = tuple(int(d) for d in rng.choice(nd, size=int(rng.integers(1, nd + 1)), replace=False))
        args = (dims if len(dims) > 1 or rng.random() < 0.5 else dims[0],)
        if it % 7 == 0:
            args, kwargs = args + (bool(rng.random() < 0.5), bool(rng.random() < 0.5)), {}
        else:
            kwargs["keepdim"] = bool(rng.random() < 0.5)
    return ("var", "std")[int(rng.integers(0, 2))], x, args, kwargs


def test_live_var_std_bits():
    """2,000 random var and std calls (sizes to 5,000, float64, float32 and
    float16, dims, keepdim, corrections, permuted and sliced layouts) and
    long inputs PyTorch's threads split: PyTorch's values, bit for bit."""
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(21)
    calls = [_var_call(rng, it) for it in range(2000)]
    for n in (32767, 32768, 40001, 100000, 1000000):
        calls.append(("var", rng.standard_normal(n) * 2 + 1, (), {}))
    calls += [("std", (rng.standard_normal((1000, 300)) + 3).T, (), {"correction": 0}),
              ("var", (rng.standard_normal((70, 33, 47)) - 2)[:, ::2], (), {}),
              ("var", rng.standard_normal((1, 100000)).astype(np.float32), (1,), {"keepdim": True}),
              ("std", rng.standard_normal((3, 5000)).T, (0,), {})]
    for name, x, args, kwargs in calls:
        theirs = getattr(torch, name)(torch.from_numpy(x), *args, **kwargs).numpy()
        mine = names.TORCH[name](Tensor(x), *args, **kwargs).data
        where = (name, x.dtype, x.shape, x.strides, args, kwargs)
        assert mine.shape == theirs.shape, where
        assert np.array_equal(mine, theirs, equal_nan=True), where
