"""The jacobian and hessian commands: PyTorch's values and layout
(torch.autograd.functional), output formats, errors; live against torch
when it is installed."""
import json

import numpy as np
import pytest

from gradcli.derivatives import hessian, jacobian
from gradcli.engine import dtypes as D
from gradcli.formula import parse_value


def leaves(dtype=D.float64, **values):
    out = {}
    for name, text in values.items():
        t = parse_value(text, name, dtype)
        t.requires_grad = True
        out[name] = t
    return out


def test_jacobian_torch_text(gradcli):
    r = gradcli("jacobian", "(x**2) @ w", "-a", "x=[1,2;3,4]", "-a", "w=[1,2]", "-f", "torch")
    assert r.returncode == 0, r.stderr
    assert r.stdout == (
        "# (x**2) @ w\ntensor([ 9., 41.], grad_fn=<MvBackward0>)\n"
        "# d((x**2) @ w) / dx\ntensor([[[ 2.,  8.],\n         [ 0.,  0.]],\n\n"
        "        [[ 0.,  0.],\n         [ 6., 16.]]])\n"
        "# d((x**2) @ w) / dw\ntensor([[ 1.,  4.],\n        [ 9., 16.]])\n")


def test_hessian_json(gradcli):
    r = gradcli("hessian", "(x**3).sum()*y + y*y", "-a", "x=[1,2]", "-a", "y=3", "--dtype", "float64", "-f", "json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    res = doc["files"][0]["result"]
    assert res["value"]["data"] == 36.0
    h = res["hessian"]
    assert h["x"]["x"]["data"] == [[18.0, 0.0], [0.0, 36.0]] and h["x"]["x"]["dtype"] == "float64"
    assert h["x"]["y"]["data"] == [3.0, 12.0] and h["y"]["x"]["data"] == [3.0, 12.0]
    assert h["y"]["y"]["data"] == 2.0 and h["y"]["y"]["shape"] == []


def test_rich_view_labels_the_shapes(gradcli):
    r = gradcli("jacobian", "(x**2) @ w", "-a", "x=[1,2;3,4]", "-a", "w=[1,2]")
    assert r.returncode == 0, r.stderr
    assert "d((x**2) @ w) / dx" in r.stdout and "value [2] × x [2, 2] · a 2×4 matrix" in r.stdout
    assert " 0  2.  8.  0.   0." in r.stdout and " 1  0.  0.  6.  16." in r.stdout


def test_hessian_of_a_non_scalar_is_a_clear_error(gradcli):
    r = gradcli("hessian", "x * 2", "-a", "x=[1,2]")
    assert r.returncode == 1
    assert r.stderr.startswith("<formula>:1:1: RuntimeError: the Hessian is for a formula with one value")
    assert "gradcli jacobian" in r.stderr and "Traceback" not in r.stderr


def test_unused_leaf_and_linear_formula_give_zeros():
    res = jacobian("x * 2", leaves(x="[1,2]", z="[5,6,7]"), {})
    assert res.blocks["x"].data.tolist() == [[2.0, 0.0], [0.0, 2.0]]
    assert res.blocks["z"].data.shape == (2, 3) and not res.blocks["z"].data.any()
    res = hessian("(x * 3).sum()", leaves(x="[1,2]"), {})
    assert res.blocks[("x", "x")].data.tolist() == [[0.0, 0.0], [0.0, 0.0]]


def test_the_jacobian_limit(gradcli):
    r = gradcli("jacobian", "x * 2", "-a", "x=[1,2,3,4]", "--max-elements", "10")
    assert r.returncode == 1 and "LimitError" in r.stderr and "Jacobian" in r.stderr


# ---------------------------------------------------------------- live torch

# (gradcli formula, the same in PyTorch, leaf values)
CASES = [
    ("tanh(x @ w).sum() * exp(-b)", lambda t: lambda x, w, b: t.tanh(x @ w).sum() * t.exp(-b),
     dict(x="[0.1,0.2;0.3,-0.4]", w="[0.5,-1;2,0.25]", b="0.3")),
    ("((x - 1) ** 2 * sigmoid(x)).mean()", lambda t: lambda x: ((x - 1) ** 2 * t.sigmoid(x)).mean(),
     dict(x="[0.5,-1.5,2.0]")),
    ("sqrt(x * x + 1).sum() / log(y)", lambda t: lambda x, y: t.sqrt(x * x + 1).sum() / t.log(y),
     dict(x="[1,2;3,4]", y="2.5")),
    ("(x / (1 + w * w)).sum()", lambda t: lambda x, w: (x / (1 + w * w)).sum(), dict(x="[1,2,3]", w="[0.5,1.5,-2]")),
]


@pytest.mark.parametrize("formula,torch_fn,values", CASES, ids=[c[0] for c in CASES])
def test_live_against_torch_autograd_functional(formula, torch_fn, values):
    torch = pytest.importorskip("torch")
    at = leaves(**values)
    names = list(at)
    inputs = tuple(torch.tensor(at[k].data) for k in names)
    fn = torch_fn(torch)
    jac = torch.autograd.functional.jacobian(fn, inputs)
    hes = torch.autograd.functional.hessian(fn, inputs)
    ours_j = jacobian(formula, at, {})
    ours_h = hessian(formula, leaves(**values), {})
    for i, a in enumerate(names):
        np.testing.assert_allclose(ours_j.blocks[a].data, jac[i].numpy(), rtol=1e-10, atol=1e-12)
        for j, b in enumerate(names):
            assert ours_h.blocks[(a, b)].data.shape == tuple(hes[i][j].shape)
            np.testing.assert_allclose(ours_h.blocks[(a, b)].data, hes[i][j].numpy(), rtol=1e-10, atol=1e-12)


EMIT_CASES = [
    ("jacobian", "tanh(x) * w", ["-a", "x=[1,2]", "-a", "w=[3,4]"]),
    ("jacobian", "x @ [1.,2;3,4] + sum(x^2)", ["-a", "x=[0.5,-1]"]),
    ("hessian", "(x**3).sum() * y + sum(x*c)", ["-a", "x=[1,2]", "-a", "y=2", "-c", "c=[1,3]", "--dtype", "float64"]),
    ("hessian", "sum(exp(x) * x)", ["-a", "x=[1,2;3,4]"]),
]


@pytest.mark.parametrize("kind,formula,args", EMIT_CASES, ids=[f"{c[0]}:{c[1]}" for c in EMIT_CASES])
def test_emit_torch_is_a_script_of_the_functional_api(gradcli, kind, formula, args):
    r = gradcli(kind, formula, *args, "--emit", "torch")
    assert r.returncode == 0, r.stderr
    compile(r.stdout, "<emitted>", "exec")                 # valid Python
    assert f"from torch.autograd.functional import {kind}" in r.stdout.splitlines()
    assert f"result = {kind}(f, (" in r.stdout


@pytest.mark.parametrize("kind,formula,args", EMIT_CASES, ids=[f"{c[0]}:{c[1]}" for c in EMIT_CASES])
def test_emitted_script_prints_what_format_torch_prints(gradcli, tmp_path, kind, formula, args):
    pytest.importorskip("torch")
    import os
    import subprocess
    import sys
    script = tmp_path / "emitted.py"
    script.write_text(gradcli(kind, formula, *args, "--emit", "torch").stdout, encoding="utf-8")
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    torch_out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120,
                               env=env, encoding="utf-8")
    assert torch_out.returncode == 0, torch_out.stderr
    ours = gradcli(kind, formula, *args, "-f", "torch")
    assert ours.returncode == 0, ours.stderr
    assert torch_out.stdout == ours.stdout


def test_emit_names_avoid_the_leaves(gradcli):
    r = gradcli("jacobian", "f * result", "-a", "f=[1,2]", "-a", "result=3", "--emit", "torch")
    assert "def f_(f, result):" in r.stdout
    assert "result_ = jacobian(f_, (f, result,))" in r.stdout
