"""F.interpolate's modes (linear, bilinear, trilinear, bicubic, nearest,
nearest-exact, area; bilinear and bicubic with antialias) in float32 and float64, forward and gradient, bit for
bit as PyTorch 2.13's CPU kernels compute them: recorded results
(tests/goldens/interpolate_bits.json, made by make_interpolate_goldens.py)
and live ones against random cases."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from gradcli.engine.tensor import Tensor
from gradcli.ops.autograd_calls import backward
from gradcli.ops.interpolate import interpolate
from unary_cases import digest

GOLDEN_PATH = Path(__file__).parent / "goldens" / "interpolate_bits.json"
_MODES = {1: ("linear", "nearest", "nearest-exact", "area"),
          2: ("bilinear", "bicubic", "nearest", "nearest-exact", "area"),
          3: ("trilinear", "nearest", "nearest-exact", "area")}
_ALIGNING = ("linear", "bilinear", "trilinear", "bicubic")


def random_case(rng, seed):
    """One call: input shape, dtype, mode and arguments."""
    dims = int(rng.integers(1, 4))
    mode = str(rng.choice(_MODES[dims]))
    big = dims == 2 and rng.random() < 0.25          # PyTorch's other 2-d kernel: height + width > 128
    spatial = [int(v) for v in rng.integers(1, 9 if dims < 3 else 6, dims)]
    lead = [int(rng.integers(1, 3)), int(rng.choice([1, 2, 3, 5, 17, 20]))]
    case = {"seed": seed, "shape": lead + spatial, "mode": mode,
            "dtype": str(rng.choice(["float32", "float64"]))}
    if rng.random() < 0.5 or big:
        hi = 90 if big else 14
        case["size"] = [int(v) for v in rng.integers(60 if big else 1, hi, dims)]
    else:
        factors = [round(float(v), 3) for v in rng.uniform(0.4, 3.5, dims)]
        case["scale_factor"] = [s if int(n * s) >= 1 else 2.0 for n, s in zip(spatial, factors)]
        if rng.random() < 0.3:
            case["recompute_scale_factor"] = True
    if mode in _ALIGNING:
        case["align_corners"] = bool(rng.integers(0, 2))
    if mode in ("bilinear", "bicubic") and rng.random() < 0.4:
        case["antialias"] = True
    return case


def cases(n=120, seed=0):
    rng = np.random.default_rng(seed)
    return [random_case(rng, k) for k in range(n)]


CASES = cases()


def case_inputs(case):
    rng = np.random.default_rng(1000 + case["seed"])
    x = rng.standard_normal(case["shape"]).astype(case["dtype"])
    return x


def case_kwargs(case):
    kw = {"mode": case["mode"]}
    for k in ("size", "scale_factor", "align_corners", "recompute_scale_factor", "antialias"):
        if k in case:
            kw[k] = tuple(case[k]) if isinstance(case[k], list) else case[k]
    return kw


def ours(case, x=None):
    x = case_inputs(case) if x is None else x
    t = Tensor(x, True)
    y = interpolate(t, **case_kwargs(case))
    g = np.random.default_rng(2000 + case["seed"]).standard_normal(y.shape).astype(x.dtype)
    backward(y, Tensor(g))
    return y.data, t._grad.data, g


def pytorch(torch, case, x=None):
    import torch.nn.functional as F
    x = case_inputs(case) if x is None else x
    tx = torch.from_numpy(x).requires_grad_()
    y = F.interpolate(tx, **case_kwargs(case))
    g = np.random.default_rng(2000 + case["seed"]).standard_normal(tuple(y.shape)).astype(x.dtype)
    y.backward(torch.from_numpy(g))
    return y.detach().numpy(), tx.grad.numpy(), y.grad_fn.name() if y.grad_fn else None


def _golden():
    return json.loads(GOLDEN_PATH.read_text())


def test_the_recorded_cases_are_these():
    assert [{k: v for k, v in c.items() if k not in ("forward", "grad")} for c in _golden()] == CASES


@pytest.mark.parametrize("index", range(len(CASES)))
def test_interpolate_bits_equal_recorded_pytorch(index):
    case = _golden()[index]
    forward, grad, _ = ours(case)
    assert (digest(forward), digest(grad)) == (case["forward"], case["grad"]), case


def test_an_unfused_sum_gives_other_bits():
    """The kernels fuse multiply-adds: summing the taps' products rounded gives other bits."""
    from gradcli.ops import interpolate_linear as L
    x = np.random.default_rng(5).standard_normal((1, 1, 7)).astype(np.float32)
    (i0, w0), (i1, w1) = L.linear_taps(7, 19, False, None, np.float32)
    fused = L.interpolate_forward(x, "linear", (19,), False, (None,))
    assert not np.array_equal(x[..., i0] * w0 + x[..., i1] * w1, fused)


@pytest.mark.parametrize("seed", range(3))
def test_live_random_cases(seed):
    torch = pytest.importorskip("torch")
    torch.set_num_threads(2)
    for case in cases(60, 100 + seed):
        x = case_inputs(case)
        y, gx, _ = ours(case, x)
        ty, tgx, _ = pytorch(torch, case, x)
        assert y.dtype == ty.dtype and np.array_equal(y, ty), case
        assert np.array_equal(gx, tgx), case


def test_live_grad_fn_names():
    torch = pytest.importorskip("torch")
    for case in cases(40, 7):
        x = case_inputs(case)
        t = Tensor(x, True)
        ours_name = interpolate(t, **case_kwargs(case)).grad_fn.name
        assert ours_name == pytorch(torch, case, x)[2], case
