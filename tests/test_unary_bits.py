"""The unary functions bit for bit against PyTorch on 100,000 inputs each
(tests/unary_cases.py): forward values and first derivatives, float32 and
float64. ``EXACT`` lists the op/dtype pairs that match PyTorch on every
element (the README's table); the others differ for the reasons the README
gives, in exactly the recorded elements when few differ."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from gradcli.engine import mkl

from unary_cases import (DTYPES, LAYOUT_OPS, LAYOUTS, OPS, canonical, differing, digest, gradcli_forward, gradcli_run,
                         inputs, layout_base, layout_view, patched, torch_forward, torch_run)

GOLDEN = json.loads((Path(__file__).parent / "goldens" / "unary_bits.json").read_text())
KINDS = ("forward", "grad")

# op/dtype pairs whose forward and gradient match PyTorch's bits everywhere (the README's table)
EXACT = {f"{op}/{dt}" for op in ("exp2", "expm1", "log1p", "sinh", "cosh", "asinh", "acosh", "atanh", "sigmoid",
                                  "logsigmoid", "silu", "elu", "softplus", "rsqrt", "reciprocal", "deg2rad", "abs",
                                  "neg", "square", "sign", "floor", "ceil", "trunc", "round", "frac", "relu",
                                  "leaky_relu", "hardtanh", "relu6", "selu", "celu", "mish", "hardswish", "hardsigmoid",
                                  "softsign", "digamma", "lgamma")
         for dt in DTYPES} | {"gelu/float32"}
# PyTorch's MKL functions (engine/mkl.py): where MKL is installed, gradcli calls them too, and these
# op/dtype pairs match PyTorch's bits everywhere, forward and gradient
# (tanhshrink is x - tanh(x))
MKL_EXACT = {f"{op}/{dt}" for op in (*mkl.FUNCTIONS, "tanhshrink") for dt in DTYPES}
# the goldens were recorded with 2 intra-op threads (where PyTorch's loops split, see engine/cpu_loop.py)
THREADS = "2"
CASES = [f"{op}/{dt}" for op in OPS for dt in DTYPES]


def _run(case):
    op, dt = case.split("/")
    with np.errstate(all="ignore"):
        return dict(zip(KINDS, gradcli_run(op, inputs(op, dt))))


@pytest.mark.parametrize("case", CASES)
def test_unary_bits_against_recorded(case, monkeypatch):
    monkeypatch.setenv("OMP_NUM_THREADS", THREADS)
    mine = _run(case)
    for kind in KINDS:
        rec = GOLDEN[case][kind]
        if case in MKL_EXACT and mkl.available():
            assert digest(canonical(mine[kind])) == rec["sha"], f"{case} {kind}: differs from PyTorch's MKL result"
            continue
        if case in EXACT:
            assert rec["count"] == 0, f"{case} {kind}: {rec['count']} elements differ"
        if "at" in rec:
            # gradcli differs from PyTorch exactly at the recorded elements
            assert digest(patched(mine[kind], rec["at"])) == rec["sha"], f"{case} {kind}"
            assert all(differing(canonical(mine[kind][[i]]), np.array([float.fromhex(v)], mine[kind].dtype)).size
                       for i, v in rec["at"]), f"{case} {kind}: a recorded difference is gone"
        else:
            assert case not in EXACT
            assert digest(canonical(mine[kind])) != rec["sha"], f"{case} {kind} now matches: move it to EXACT"


@pytest.mark.parametrize("case", CASES)
def test_unary_bits_live(case, monkeypatch):
    torch = pytest.importorskip("torch")
    monkeypatch.setenv("OMP_NUM_THREADS", str(torch.get_num_threads()))
    op, dt = case.split("/")
    x = inputs(op, dt)
    mine = _run(case)
    theirs = dict(zip(KINDS, torch_run(op, x, torch)))
    want = {kind: 0 if case in MKL_EXACT and mkl.available() else GOLDEN[case][kind]["count"] for kind in KINDS}
    for kind in KINDS:
        assert differing(theirs[kind], mine[kind]).size == want[kind], f"{case} {kind}"


LAYOUT_CASES = [f"{op}/{dt}/{layout}" for op in LAYOUT_OPS for dt in DTYPES for layout in LAYOUTS]


def _layout(case):
    op, dt, layout = case.split("/")
    return op, dt, layout, layout_base(op, dt)


@pytest.mark.parametrize("case", LAYOUT_CASES)
def test_unary_layouts_against_recorded(case, monkeypatch):
    """Sizes off the vector step and non-contiguous inputs take PyTorch's other paths; gradcli follows them."""
    monkeypatch.setenv("OMP_NUM_THREADS", THREADS)
    op, dt, layout, base = _layout(case)
    rec = GOLDEN[case]["forward"]
    mine = gradcli_forward(op, layout_view(base, layout))
    assert rec["count"] == 0 or f"{op}/{dt}" not in EXACT, f"{case}: {rec['count']} elements differ"
    if "at" in rec:
        assert digest(patched(mine, rec["at"])) == rec["sha"], case
    else:
        assert digest(canonical(mine)) != rec["sha"], f"{case} now matches"


@pytest.mark.parametrize("case", LAYOUT_CASES)
def test_unary_layouts_live(case, monkeypatch):
    torch = pytest.importorskip("torch")
    monkeypatch.setenv("OMP_NUM_THREADS", str(torch.get_num_threads()))
    op, dt, layout, base = _layout(case)
    mine = gradcli_forward(op, layout_view(base, layout))
    theirs = torch_forward(op, layout_view(torch.from_numpy(base), layout), torch)
    assert differing(theirs, mine).size == GOLDEN[case]["forward"]["count"], case


def test_every_case_is_recorded():
    assert sorted(GOLDEN) == sorted(CASES + LAYOUT_CASES)
