"""Pooling bit for bit against PyTorch's CPU kernels (gradcli/ops/pooling.py,
gradcli/ops/unpooling.py): values and input gradients of the 3-d poolings,
lp pooling and max unpooling over random shapes and arguments, in float32
and float64, live against PyTorch (skipped without it); recorded outputs
are tests/scripts/pool3d_*.py."""
from __future__ import annotations

import numpy as np
import pytest

from gradcli.engine.tensor import Tensor
from gradcli.session import run_source

torch = pytest.importorskip("torch")
F = torch.nn.functional

SOURCE = """import torch
import torch.nn.functional as F
y = {call}
y.backward(g)
"""


def _leaf(a):
    t = Tensor(a)
    t.requires_grad = True
    return t


def _ours(call, x, g, extra=None):
    leaves = {"x": _leaf(x), "g": Tensor(g)}
    leaves.update({k: Tensor(v) for k, v in (extra or {}).items()})
    result = run_source(SOURCE.format(call=call), "<pool>", prepare=lambda interp: interp.vars.update(leaves))
    assert result.exit_code == 0, (call, result.error)
    return result.variables["y"].data, np.asarray(leaves["x"]._grad.data), result.variables["y"].grad_fn.name


def _theirs(call, x, g, extra=None):
    xt = torch.tensor(x, requires_grad=True)
    env = {"torch": torch, "F": F, "x": xt, "g": torch.tensor(g)}
    env.update({k: torch.tensor(v) for k, v in (extra or {}).items()})
    y = eval(call, env)       # the test's own fixed templates, PyTorch side only
    y.backward(env["g"])
    return y.detach().numpy(), xt.grad.numpy(), type(y.grad_fn).__name__


def _check(call, x, g, extra=None):
    want, got = _theirs(call, x, g, extra), _ours(call, x, g, extra)
    assert got[2] == want[2], call
    assert got[0].dtype == want[0].dtype and got[0].shape == want[0].shape, call
    assert np.array_equal(got[0], want[0], equal_nan=True), (call, got[0], want[0])
    assert np.array_equal(got[1], want[1], equal_nan=True), (call, got[1], want[1])


def _window_args(rng, nd, sizes, dilated):
    k = [int(rng.integers(1, min(4, s) + 1)) for s in sizes]
    stride = [int(rng.integers(1, 4)) for _ in range(nd)]
    pad = [int(rng.integers(0, kk // 2 + 1)) for kk in k]
    args = f"{tuple(k)}, {tuple(stride)}, {tuple(pad)}"
    if dilated:
        d = [int(rng.integers(1, 3)) if kk * 2 <= s else 1 for kk, s in zip(k, sizes)]
        args += f", {tuple(d)}"
    return args


def _input(rng, nd, dtype, ties=False):
    """Random values (rounded: with ties), one or two leading dims (at least one for the op's 2-d form)."""
    lead = [int(rng.integers(1, 3)) for _ in range(int(rng.integers(1, 3)))]
    sizes = [int(rng.integers(1, 7)) for _ in range(nd)]
    x = rng.standard_normal(lead + sizes).astype(dtype)
    if ties:
        x = np.round(x).astype(dtype)
    while x.ndim < max(nd, 2) + 1:
        x = x[None]
    return x, sizes


def _check_with_random_grad(call, x, rng, dtype, extra=None):
    env = {"torch": torch, "F": F, "x": torch.tensor(x)}
    env.update({k: torch.tensor(v) for k, v in (extra or {}).items()})
    g = rng.standard_normal(tuple(eval(call, env).shape)).astype(dtype)
    _check(call, x, g, extra)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("seed", range(12))
def test_pool3d_matches_pytorch(seed, dtype):
    rng = np.random.default_rng(seed)
    for case in range(4):
        x, sizes = _input(rng, 3, dtype, ties=case == 0)
        ceil = bool(rng.integers(0, 2))
        calls = [f"F.max_pool3d(x, {_window_args(rng, 3, sizes, True)}, ceil_mode={ceil})",
                 f"F.avg_pool3d(x, {_window_args(rng, 3, sizes, False)}, ceil_mode={ceil}, "
                 f"count_include_pad={bool(rng.integers(0, 2))})",
                 f"F.avg_pool3d(x, {_window_args(rng, 3, sizes, False)}, divisor_override={int(rng.integers(1, 5))})",
                 f"F.adaptive_avg_pool3d(x, {tuple(int(rng.integers(1, 8)) for _ in range(3))})",
                 f"F.adaptive_max_pool3d(x, {tuple(int(rng.integers(1, 8)) for _ in range(3))})"]
        for call in calls:
            _check_with_random_grad(call, x, rng, dtype)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("seed", range(8))
def test_lp_pool_matches_pytorch(seed, dtype):
    rng = np.random.default_rng(100 + seed)
    for nd in (1, 2, 3):
        x, sizes = _input(rng, nd, dtype)
        x = np.abs(x) + 0.25 if seed % 2 else x
        k = tuple(int(rng.integers(1, s + 1)) for s in sizes)
        stride = "None" if rng.integers(0, 2) else str(tuple(int(rng.integers(1, 3)) for _ in range(nd)))
        p = [2, 3, 1.5, 2.0][seed % 4] if seed % 2 else [2, 3][seed % 4 // 2]
        kernel = k[0] if nd == 1 else k
        call = f"F.lp_pool{nd}d(x, {p}, {kernel}, {stride}, ceil_mode={bool(rng.integers(0, 2))})"
        _check_with_random_grad(call, x, rng, dtype)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("seed", range(8))
def test_max_unpool_matches_pytorch(seed, dtype):
    rng = np.random.default_rng(200 + seed)
    for nd in (1, 2, 3):
        x, sizes = _input(rng, nd, dtype, ties=seed % 3 == 0)
        k = tuple(int(rng.integers(1, min(3, s) + 1)) for s in sizes)
        s = tuple(int(rng.integers(1, 3)) for _ in range(nd))
        if seed % 2 == 0:
            # the default size: windows that tile the input exactly
            s, size = k, None
            x = x[(...,) + tuple(slice(0, n - n % kk) for n, kk in zip(sizes, k))]
        else:
            pooled = getattr(F, f"max_pool{nd}d")(torch.tensor(x), k, s)
            default = [(n - 1) * st + kk for n, st, kk in zip(pooled.shape[-nd:], s, k)]
            if not all(d - st < n < d + st for d, st, n in zip(default, s, sizes)):
                s = k
            size = tuple(x.shape) if seed % 4 == 3 and x.ndim == nd + 2 else list(sizes)
        pooled, indices = getattr(F, f"max_pool{nd}d")(torch.tensor(x), k, s, return_indices=True)
        call = f"F.max_unpool{nd}d(x, i, {k}, {s}, output_size={size})"
        _check_with_random_grad(call, pooled.numpy(), rng, dtype, {"i": indices.numpy()})
