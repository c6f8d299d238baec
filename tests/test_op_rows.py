"""Table-driven tests over every op row, every sample and every form.

Per case (a row and one of its samples, inputs in float64 from a fixed seed):
(a) every form a script can call (torch.f, x.f(), x.f_(), F.f, bare f,
    aliases) gives PyTorch's values, dtype, shape and grad_fn name
    (tests/goldens/op_rows.json, from tests/goldens/make_row_goldens.py), or
    PyTorch's error, and the gradients of the case's loss;
(b) the gradients agree with central finite differences of gradcli's own
    forward (random samples; explicit values are kinks and ties, checked
    against PyTorch only);
(c) second derivatives (Hessian-vector products under create_graph) agree
    with finite differences of the first derivatives;
(d) live against PyTorch when it is installed;
and the forms a row claims are PyTorch's own.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from gradcli.engine import autograd as AG
from gradcli.engine import mkl
from gradcli.engine.tensor import Tensor
from gradcli.errors import GradcliError
from gradcli.ops.oprow import ROWS
from row_cases import (build, cases, describe, gc_loss_grads, gc_loss_value, gc_tensor, gradcli_forms, has_fd,
                       outputs_of, public_rows, rng_for, undescribe)

GOLDEN = json.loads((Path(__file__).parent / "goldens" / "op_rows.json").read_text())
CASES = cases()
IDS = [c[0] for c in CASES]
EPS = 1e-6

# Known differences from PyTorch: case id -> reason (strict xfail).
XFAIL: dict[str, str] = {} if mkl.available() else {
    "cos#3": "the last bit of a float32 result: PyTorch's float32 cos is MKL's (VML), without MKL installed (README)",
}
# Rows whose grad_fn name is gradcli's own (SPEC §3.6: einsum's need not match).
OWN_GRAD_FN = {"einsum"}
# Nodes whose gradient PyTorch cannot differentiate again: grad_fn name -> the
# error a second derivative through it gives (PyTorch's words).
NO_DOUBLE_BACKWARD = {"CdistBackward0": "the derivative for '_cdist_backward' is not implemented.",
                      "HardsigmoidBackward0": "derivative for aten::hardsigmoid_backward is not implemented"}


def params():
    out = []
    for c in CASES:
        marks = [pytest.mark.xfail(strict=True, reason=XFAIL[c[0]])] if c[0] in XFAIL else []
        out.append(pytest.param(c, id=c[0], marks=marks))
    return out


def call_form(label, fn, case_id, sample):
    args, kwargs, leaf_map = build(case_id, sample, gc_tensor)
    if label.startswith("x.") and (not args or type(args[0]) is not Tensor):
        return None, leaf_map           # a method needs a tensor to be called on
    if label.endswith("_") and label.startswith("x."):
        # in place on a non-leaf copy of the first input
        base = args[0]
        args[0] = Tensor(base.data.copy(), False) if not base.requires_grad else _clone(base)
    return outputs_of(fn(*args, **kwargs)), leaf_map


def _clone(t):
    from gradcli.ops.create import clone
    return clone(t)


def check_against(golden, outs, grads, own_grad_fn=False):
    problems = []
    if len(outs) != len(golden["outputs"]):
        return [f"{len(outs)} outputs, PyTorch has {len(golden['outputs'])}"]
    for k, (o, g) in enumerate(zip(outs, golden["outputs"])):
        if o.dtype.name != g["dtype"]:
            problems.append(f"output {k}: dtype {o.dtype.name}, PyTorch {g['dtype']}")
        if list(o.shape) != g["shape"]:
            problems.append(f"output {k}: shape {list(o.shape)}, PyTorch {g['shape']}")
            continue
        name = o.grad_fn.name if o.grad_fn is not None else None
        if name != g["grad_fn"] and not own_grad_fn:
            problems.append(f"output {k}: grad_fn {name}, PyTorch {g['grad_fn']}")
        want = undescribe(g)
        if not np.allclose(o.data.astype(np.float64), want, rtol=1e-7, atol=1e-10, equal_nan=True):
            problems.append(f"output {k}: values {o.data.tolist()}, PyTorch {want.tolist()}")
    if grads is not None:
        for path, g in golden["grads"].items():
            got = grads.get(path)
            if g is None:
                if got is not None and np.any(got.data != 0):
                    problems.append(f"grad {path}: PyTorch has none, gradcli {got.data.tolist()}")
                continue
            want = undescribe(g)
            if got is None:
                if np.any(want != 0):
                    problems.append(f"grad {path}: gradcli has none, PyTorch {want.tolist()}")
                continue
            if got.shape != want.shape or not np.allclose(got.data, want, rtol=1e-6, atol=1e-9, equal_nan=True):
                problems.append(f"grad {path}: {got.data.tolist()}, PyTorch {want.tolist()}")
    return problems


# ***** (a) every form against PyTorch's answer *****

@pytest.mark.parametrize("case", params())
def test_every_form_matches_pytorch(case):
    case_id, op, _, sample = case
    golden = GOLDEN["cases"][case_id]
    problems = []
    for label, fn in gradcli_forms(op):
        if "error" in golden:
            if golden["error"] == "no PyTorch form":
                continue
            with pytest.raises(GradcliError) as err:
                if call_form(label, fn, case_id, sample)[0] is None:
                    raise GradcliError("TypeError", golden["error"].split(": ", 1)[1])
            want = golden["error"].split(": ", 1)[1].replace(op.name + "()", op.name + "()")
            assert err.value.message.split("(): ", 1)[-1] == want.split("(): ", 1)[-1], label
            continue
        inplace = label.endswith("_") and label.startswith("x.")
        try:
            outs, leaf_map = call_form(label, fn, case_id, sample)
            if outs is None:
                continue
        except GradcliError as e:
            if inplace:         # PyTorch refuses these in place too (dtype or broadcast)
                continue
            problems.append(f"{label}: {e.kind}: {e.message}")
            continue
        grads = None if inplace else gc_loss_grads(case_id, outs, leaf_map)
        if inplace:
            golden_view = dict(golden, outputs=[dict(golden["outputs"][0])])
            node = ROWS.get(op.key + "_inplace")
            if node is not None:        # PyTorch's own node for x.f_() (asinh_: AsinhBackward1, scripts check it)
                golden_view["outputs"][0]["grad_fn"] = node.grad_fn
            if list(outs[0].shape) != golden["outputs"][0]["shape"]:
                continue
            problems += [f"{label}: {p}" for p in check_against(golden_view, outs[:1], None)]
        else:
            problems += [f"{label}: {p}" for p in check_against(golden, outs, grads, op.key in OWN_GRAD_FN)]
    assert not problems, "\n".join(problems)


def test_golden_file_covers_every_case():
    assert set(GOLDEN["cases"]) == set(IDS), "re-run tests/goldens/make_row_goldens.py"
    assert len(IDS) >= 300


@pytest.mark.parametrize("op", public_rows(), ids=lambda op: op.key)
def test_forms_are_pytorchs_own(op):
    have = GOLDEN["forms"][op.key]
    missing = [f for f, ok in have.items() if not ok]
    assert not missing, f"PyTorch has no {missing} form of {op.name}"


# ***** (b), (c) finite differences *****

def _fd_cases():
    out = []
    for c in CASES:
        golden = GOLDEN["cases"][c[0]]
        if "error" in golden or not has_fd(c[3]) or not any(g is not None for g in golden["grads"].values()):
            continue
        out.append(pytest.param(c, id=c[0]))
    return out


def _loss_at(case_id, op, sample, leaf_paths, point):
    """The loss with the leaves replaced by ``point`` (path -> array), no graph."""
    args, kwargs, leaf_map = build(case_id, sample, gc_tensor)
    for p, t in leaf_map.items():
        t.data = point[p].copy()
        t.requires_grad = False
    prev = AG.GRAD_MODE.enabled
    AG.GRAD_MODE.enabled = False
    try:
        return gc_loss_value(case_id, outputs_of(op.call(*args, **kwargs)))
    finally:
        AG.GRAD_MODE.enabled = prev


def _grads_at(case_id, op, sample, point, create_graph=False):
    args, kwargs, leaf_map = build(case_id, sample, gc_tensor)
    for p, t in leaf_map.items():
        t.data = point[p].copy()
    outs = outputs_of(op.call(*args, **kwargs))
    return gc_loss_grads(case_id, outs, leaf_map, create_graph=create_graph), leaf_map


@pytest.mark.parametrize("case", _fd_cases())
def test_gradients_match_finite_differences(case):
    case_id, op, _, sample = case
    _, _, leaf_map = build(case_id, sample, gc_tensor)
    point = {p: t.data.astype(np.float64) for p, t in leaf_map.items()}
    grads, _ = _grads_at(case_id, op, sample, point)
    for p, x in point.items():
        num = np.zeros_like(x)
        for i in np.ndindex(x.shape):
            up, down = dict(point), dict(point)
            up[p], down[p] = x.copy(), x.copy()
            up[p][i] += EPS
            down[p][i] -= EPS
            num[i] = (_loss_at(case_id, op, sample, leaf_map, up) - _loss_at(case_id, op, sample, leaf_map, down)) / (2 * EPS)
        got = np.zeros_like(x) if grads[p] is None else grads[p].data
        np.testing.assert_allclose(got, num, rtol=1e-5, atol=1e-6, err_msg=f"{case_id} d/d{p}")


@pytest.mark.parametrize("case", _fd_cases())
def test_second_derivatives_match_finite_differences(case):
    case_id, op, _, sample = case
    _, _, leaf_map = build(case_id, sample, gc_tensor)
    point = {p: t.data.astype(np.float64) for p, t in leaf_map.items()}
    v = {p: rng_for(case_id, "v", p).uniform(-1, 1, size=x.shape) for p, x in point.items()}
    grads, leaves = _grads_at(case_id, op, sample, point, create_graph=True)
    terms = [_dot(g, v[p]) for p, g in grads.items()
             if g is not None and g.requires_grad]
    refused = NO_DOUBLE_BACKWARD.get(GOLDEN["cases"][case_id]["outputs"][0]["grad_fn"])
    if refused:
        with pytest.raises(GradcliError) as err:
            AG.grad([terms[0]], list(leaves.values()), [np.ones((), dtype=np.float64)], allow_unused=True)
        assert err.value.message == refused
        return
    if terms:
        total = terms[0]
        for t in terms[1:]:
            total = total + t
        hv = AG.grad([total], list(leaves.values()), [np.ones((), dtype=np.float64)], allow_unused=True)
        hv = {p: (np.zeros_like(point[p]) if h is None else h.data) for p, h in zip(leaves, hv)}
    else:
        hv = {p: np.zeros_like(x) for p, x in point.items()}
    eps = 1e-5
    up = {p: point[p] + eps * v[p] for p in point}
    down = {p: point[p] - eps * v[p] for p in point}
    g_up, _ = _grads_at(case_id, op, sample, up)
    g_down, _ = _grads_at(case_id, op, sample, down)
    for p in point:
        a = np.zeros_like(point[p]) if g_up[p] is None else g_up[p].data
        b = np.zeros_like(point[p]) if g_down[p] is None else g_down[p].data
        np.testing.assert_allclose(hv[p], (a - b) / (2 * eps), rtol=1e-4, atol=1e-5, err_msg=f"{case_id} H v / {p}")


def _dot(g, w):
    from gradcli.ops import arith
    return arith.sum(arith.mul(g, Tensor(w)))


# ***** (d) live against PyTorch *****

@pytest.mark.parametrize("case", [pytest.param(c, id=c[0]) for c in CASES])
def test_live_against_pytorch(case):
    torch = pytest.importorskip("torch")
    from row_cases import torch_run
    case_id, op, _, sample = case
    live = torch_run(case_id, op, sample, torch)
    golden = GOLDEN["cases"][case_id]
    assert json.loads(json.dumps(live)) == golden, "PyTorch's answer changed: re-run make_row_goldens.py"
