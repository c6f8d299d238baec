"""Layer norm's (and batch norm's) values and gradients bit for bit against
PyTorch's CPU kernels: the row moments of gradcli/engine/moments.py, and
the forward and backward kernels of gradcli/ops/normalization.py.

Recorded values (no torch needed) and live comparisons over many shapes,
dtypes and parameter combinations (with torch installed)."""
from __future__ import annotations

import numpy as np
import pytest

from gradcli.engine.moments import rowwise_moments
from gradcli.engine.tensor import Tensor
from gradcli.ops import normalization
from gradcli.ops.autograd_calls import backward

# PyTorch 2.13's mean and rstd (eps 1e-5) of two float32 rows of n values,
# N(100, 3**2) from numpy's default_rng(n): rows where the order of the
# additions shows in the last bits
RECORDED = [
    (7, ['0x1.8c242a0000000p+6', '0x1.906d600000000p+6'], ['0x1.79eefe0000000p-1', '0x1.d820d20000000p-2']),
    (37, ['0x1.8f51f40000000p+6', '0x1.8faac20000000p+6'], ['0x1.5f4e0e0000000p-2', '0x1.3aaca60000000p-2']),
    (300, ['0x1.8ffbee0000000p+6', '0x1.9078240000000p+6'], ['0x1.79b6420000000p-2', '0x1.64918e0000000p-2']),
    (4100, ['0x1.8fd4de0000000p+6', '0x1.90290a0000000p+6'], ['0x1.59d06a0000000p-2', '0x1.54966c0000000p-2']),
]


def _rows(n):
    rng = np.random.default_rng(n)
    return (rng.standard_normal((2, n)) * 3 + 100).astype(np.float32)


@pytest.mark.parametrize("n, means, rstds", RECORDED, ids=[str(r[0]) for r in RECORDED])
def test_recorded_moments(n, means, rstds):
    mean, var = rowwise_moments(_rows(n))
    rstd = np.float32(1) / np.sqrt(var + np.float32(1e-5))
    assert [float(v).hex() for v in mean] == means
    assert [float(v).hex() for v in rstd] == rstds


def test_two_pass_moments_give_other_bits():
    """numpy's mean and variance differ from the kernel's on these rows: the model matters."""
    differ = 0
    for n, means, rstds in RECORDED:
        x = _rows(n)
        rstd = np.float32(1) / np.sqrt(x.var(axis=1) + np.float32(1e-5))
        differ += [float(v).hex() for v in x.mean(axis=1)] != means or [float(v).hex() for v in rstd] != rstds
    assert differ


def _layer_norm_case(torch, rng, dt, rows, n, affine):
    x = (rng.standard_normal((rows, n)) * rng.uniform(0.1, 5) + rng.uniform(-2, 2)).astype(dt)
    w = rng.standard_normal(n).astype(dt) if affine in ("both", "weight") else None
    b = rng.standard_normal(n).astype(dt) if affine in ("both", "bias") else None
    g = rng.standard_normal((rows, n)).astype(dt)
    tx = torch.from_numpy(x).requires_grad_()
    tw = None if w is None else torch.from_numpy(w).requires_grad_()
    tb = None if b is None else torch.from_numpy(b).requires_grad_()
    ty = torch.layer_norm(tx, [n], tw, tb, 1e-5)
    ty.backward(torch.from_numpy(g))
    gx = Tensor(x, True)
    gw = None if w is None else Tensor(w.copy(), True)
    gb = None if b is None else Tensor(b.copy(), True)
    gy = normalization.layer_norm(gx, [n], gw, gb, 1e-5)
    backward(gy, Tensor(g))
    where = (dt.__name__, rows, n, affine)
    assert np.array_equal(gy.data, ty.detach().numpy()), where
    assert np.array_equal(gx._grad.data, tx.grad.numpy()), where
    for mine, theirs in ((gw, tw), (gb, tb)):
        if mine is not None:
            assert np.array_equal(mine._grad.data, theirs.grad.numpy()), where


@pytest.mark.parametrize("dt", [np.float32, np.float64], ids=["float32", "float64"])
def test_live_layer_norm_bits(dt):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(11)
    for rows in (1, 2, 3, 5, 16):
        for n in (1, 2, 5, 8, 9, 15, 16, 17, 31, 100, 129, 1000, 2053):
            for affine in ("both", "weight", "bias", "none"):
                _layer_norm_case(torch, rng, dt, rows, n, affine)


def _batch_norm_case(torch, rng, dt, shape, affine, training):
    channels = shape[1]
    x = (rng.standard_normal(shape) * rng.uniform(0.1, 5) + rng.uniform(-2, 2)).astype(dt)
    w = rng.standard_normal(channels).astype(dt) if affine in ("both", "weight") else None
    b = rng.standard_normal(channels).astype(dt) if affine in ("both", "bias") else None
    rm = rng.standard_normal(channels).astype(dt)
    rv = rng.uniform(0.5, 2.0, channels).astype(dt)
    g = rng.standard_normal(shape).astype(dt)
    tx = torch.from_numpy(x).requires_grad_()
    tw = None if w is None else torch.from_numpy(w).requires_grad_()
    tb = None if b is None else torch.from_numpy(b).requires_grad_()
    trm, trv = torch.from_numpy(rm.copy()), torch.from_numpy(rv.copy())
    ty = torch.nn.functional.batch_norm(tx, trm, trv, tw, tb, training, 0.1, 1e-5)
    ty.backward(torch.from_numpy(g))
    gx = Tensor(x, True)
    gw = None if w is None else Tensor(w.copy(), True)
    gb = None if b is None else Tensor(b.copy(), True)
    grm, grv = Tensor(rm.copy()), Tensor(rv.copy())
    gy = normalization.batch_norm(gx, grm, grv, gw, gb, training, 0.1, 1e-5)
    backward(gy, Tensor(g))
    where = (dt.__name__, shape, affine, training)
    assert np.array_equal(gy.data, ty.detach().numpy()), where
    assert np.array_equal(grm.data, trm.numpy()) and np.array_equal(grv.data, trv.numpy()), where
    assert np.array_equal(gx._grad.data, tx.grad.numpy()), where
    for mine, theirs in ((gw, tw), (gb, tb)):
        if mine is not None:
            assert np.array_equal(mine._grad.data, theirs.grad.numpy()), where


BATCH_SHAPES = [(n, c) for n in (2, 3, 5, 17) for c in (1, 3, 8, 9, 17, 40)] + [
    (2, 3, 5), (4, 2, 7), (3, 3, 2, 2), (8, 4, 3, 3), (1, 2, 9), (2, 3, 8), (2, 2, 20), (3, 2, 4, 5), (2, 2100)]


@pytest.mark.parametrize("dt", [np.float32, np.float64], ids=["float32", "float64"])
def test_live_batch_norm_bits(dt):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(12)
    for shape in BATCH_SHAPES:
        for affine in ("both", "weight", "none"):
            for training in (True, False):
                _batch_norm_case(torch, rng, dt, shape, affine, training)
