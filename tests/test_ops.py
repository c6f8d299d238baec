"""Op-by-op autograd checks of gradcli against PyTorch.

(a) recorded golden cases (tests/goldens/ops.json, made by
    tests/goldens/make_op_goldens.py): grad_fn name of ``y``, y's values, shape
    and dtype, and every leaf's .grad -- no torch needed;
(b) central finite differences in float64 of the scalar ``out`` over each leaf
    element, computed by re-running the script forward-only with perturbed leaf
    literals (independent of gradcli's backward), against gradcli's grads;
(c) live comparison: each case script is executed with real torch (``exec``,
    in this test only) and compared with gradcli; skipped without torch.

Known gradcli bugs are listed in XFAIL below (strict: they must keep failing
until fixed, then the entry must be removed).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from gradcli.session import run_source
from golden_scripts import leaf_literal, render_script

GOLDEN = Path(__file__).parent / "goldens" / "ops.json"
CASES = json.loads(GOLDEN.read_text())

# Known gradcli bugs: case id -> {test kind ("golden", "fd", "live") -> reason}.
# Strict xfails: remove the entry once gradcli is fixed.
XFAIL: dict[str, dict[str, str]] = {}

RTOL = {"float64": 1e-6, "float32": 1e-5}
ATOL = {"float64": 1e-12, "float32": 1e-6}
FD_EPS = 1e-6


# --------------------------------------------------------------------------

def unhex(values):
    if isinstance(values, list):
        return [unhex(v) for v in values]
    return float.fromhex(values)


def golden_array(desc: dict) -> np.ndarray:
    return np.array(unhex(desc["values"]), dtype=np.dtype(desc["dtype"])).reshape(desc["shape"])


def params(kind: str):
    out = []
    for case in CASES:
        marks = []
        reason = XFAIL.get(case["id"], {}).get(kind)
        if reason:
            marks.append(pytest.mark.xfail(strict=True, reason=reason))
        out.append(pytest.param(case, id=case["id"], marks=marks))
    return out


def run_ok(script: str, case_id: str):
    r = run_source(script, path=f"<{case_id}>")
    if r.exit_code != 0:
        err = r.error
        where = f" at {err.span.line}:{err.span.column}" if err is not None and err.span else ""
        detail = f"{err.kind}: {err.message}{where}" if err is not None else "no error recorded"
        pytest.fail(f"gradcli exit code {r.exit_code}: {detail}\n--- script ---\n{script}")
    return r


def tensor_problems(t, expected: np.ndarray, what: str) -> list[str]:
    """Mismatches of gradcli Tensor ``t`` against a numpy array (dtype, shape, values)."""
    if t is None:
        return [f"{what}: expected a tensor, got None"]
    got = np.asarray(t.data)
    problems = []
    if got.dtype != expected.dtype:
        problems.append(f"{what}: dtype expected {expected.dtype}, got {got.dtype}")
    if got.shape != expected.shape:
        problems.append(f"{what}: shape expected {expected.shape}, got {got.shape}")
    dtype = expected.dtype.name
    try:
        # values are still compared when only the shape is wrong (same element count)
        np.testing.assert_allclose(got.reshape(expected.shape) if got.size == expected.size
                                   else got, expected, rtol=RTOL.get(dtype, 1e-6),
                                   atol=ATOL.get(dtype, 1e-12))
    except (AssertionError, ValueError) as exc:
        problems.append(f"{what}: values differ: expected {expected.tolist()}, got {got.tolist()}"
                        f" ({str(exc).strip().splitlines()[0] if str(exc).strip() else ''})")
    return problems


def compare(r, y_expected: np.ndarray, grad_fn_expected, grads_expected: dict) -> list[str]:
    """All mismatches of a gradcli run against expected y / grad_fn / leaf grads."""
    y = r.variables["y"]
    problems = tensor_problems(y, y_expected, "y")
    if grad_fn_name(y) != grad_fn_expected:
        problems.append(f"y.grad_fn: expected {grad_fn_expected}, got {grad_fn_name(y)}")
    for name, expected in grads_expected.items():
        problems += tensor_problems(r.variables[name]._grad, expected, f"{name}.grad")
    return problems


def grad_fn_name(t):
    return None if t.grad_fn is None else t.grad_fn.name


# --------------------------------------------------------------------------
# (a) goldens
# --------------------------------------------------------------------------

def test_golden_file_is_substantial():
    assert len(CASES) >= 70
    assert len({c["id"] for c in CASES}) == len(CASES)
    assert any(c["y"]["dtype"] == "float32" for c in CASES)
    assert set(XFAIL) <= {c["id"] for c in CASES}, "XFAIL names an unknown case id"


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_script_renders_identically(case):
    assert render_script(case["leaves"], case["pre"], case["expr"], case["scalar"]) == case["script"]


@pytest.mark.parametrize("case", params("golden"))
def test_golden(case):
    r = run_ok(case["script"], case["id"])
    problems = compare(r, golden_array(case["y"]), case["grad_fn"],
                       {name: golden_array(desc) for name, desc in case["grads"].items()})
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------
# (b) finite differences (float64, forward-only re-runs)
# --------------------------------------------------------------------------

def _forward_out(case, leaves) -> float:
    script = render_script(leaves, case["pre"], case["expr"], case["scalar"],
                           dtype_override="float64", backward=False)
    r = run_ok(script, case["id"] + ":fd")
    out = np.asarray(r.variables["out"].data)
    assert out.shape == ()
    if out.dtype != np.float64:
        pytest.skip(f"out is {out.dtype} even with float64 leaves (the expression casts): "
                    "central differences need float64")
    return float(out)


def finite_difference_grads(case) -> dict[str, np.ndarray]:
    grads = {}
    for li, leaf in enumerate(case["leaves"]):
        base = np.array(leaf["values"], dtype=np.float64)
        g = np.zeros_like(base)
        for idx in np.ndindex(base.shape):
            vals = []
            for sign in (1.0, -1.0):
                pert = base.copy()
                pert[idx] += sign * FD_EPS
                leaves = [dict(lf) for lf in case["leaves"]]
                leaves[li]["values"] = pert.tolist()
                vals.append(_forward_out(case, leaves))
            g[idx] = (vals[0] - vals[1]) / (2 * FD_EPS)
        grads[leaf["name"]] = g
    return grads


@pytest.mark.parametrize("case", params("fd"))
def test_finite_differences(case):
    r = run_ok(case["script"], case["id"])
    fd = finite_difference_grads(case)
    for leaf in case["leaves"]:
        name = leaf["name"]
        got = r.variables[name]._grad
        assert got is not None, f"{name}.grad is None"
        got = np.asarray(got.data, dtype=np.float64)
        assert got.shape == fd[name].shape, f"{name}.grad shape {got.shape} != {fd[name].shape}"
        # float32 cases: gradcli's grad carries float32 rounding on top of the FD error
        rtol, atol = (1e-4, 1e-5) if leaf["dtype"] == "float64" else (1e-4, 1e-3)
        np.testing.assert_allclose(got, fd[name], rtol=rtol, atol=atol,
                                   err_msg=f"{name}.grad vs central differences")


# --------------------------------------------------------------------------
# (c) live comparison with torch
# --------------------------------------------------------------------------

@pytest.mark.parametrize("case", params("live"))
def test_live_torch(case):
    torch = pytest.importorskip("torch")
    ns: dict = {}
    exec(compile(case["script"], f"<{case['id']}:torch>", "exec"), ns)
    ty = ns["y"]
    assert isinstance(ty, torch.Tensor)
    tname = None if ty.grad_fn is None else type(ty.grad_fn).__name__
    grads = {}
    for leaf in case["leaves"]:
        tg = ns[leaf["name"]].grad
        assert tg is not None, f"torch gave no grad for {leaf['name']}"
        grads[leaf["name"]] = tg.numpy()
    r = run_ok(case["script"], case["id"])
    problems = compare(r, ty.detach().numpy(), tname, grads)
    assert not problems, "\n".join(problems)


def test_topk_follows_pytorchs_selection_among_ties_and_nans():
    """topk's indices for equal values and NaNs are those of the C++
    library's nth_element / partial_sort that PyTorch runs (recorded from
    PyTorch 2.13: tests/goldens/topk_ties.json)."""
    from gradcli.engine.tensor import Tensor
    from gradcli.ops import sorting
    cases = json.loads((Path(__file__).parent / "goldens" / "topk_ties.json").read_text())
    assert len(cases) >= 100
    for c in cases:
        a = np.array([np.nan if v is None else v for v in c["values"]], dtype=np.float32)
        got = sorting.topk(Tensor(a), c["k"], largest=c["largest"], sorted=c["sorted"])[1].data
        assert got.tolist() == c["indices"], c


def test_meshgrid_without_indexing_warns_once_per_run_and_indexes_ij():
    """PyTorch 2.13 warns once per process when indexing is left out (its
    warning names torch/functional.py, so the script goldens cannot record
    it; gradcli names the calling line) and indexes as 'ij'."""
    r = run_source("import torch\na = torch.tensor([1., 2., 3.])\nb = torch.tensor([4., 5.])\n"
                   "for _ in range(2):\n    X, Y = torch.meshgrid(a, b)\nU, V = torch.meshgrid(a, b)\n"
                   "print(X.tolist(), Y.tolist(), (U == X).all().item())\n")
    assert r.exit_code == 0
    warnings = [(ev.line, ev.message) for ev in r.events if ev.kind == "warning"]
    assert warnings == [(5, "torch.meshgrid: in an upcoming release, it will be required to pass the indexing "
                            "argument. (Triggered internally at "
                            "/__w/pytorch/pytorch/aten/src/ATen/native/TensorShape.cpp:4215.)")]
    printed = [list(ev.values) for ev in r.events if ev.kind == "print"]
    assert printed == [[[[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]], [[4.0, 5.0], [4.0, 5.0], [4.0, 5.0]], True]]
