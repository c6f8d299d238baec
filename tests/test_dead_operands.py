"""A script's ``temporary + tensor`` (and ``-``, ``1 + temporary``,
``2 * temporary``, ``torch.exp(temporary)``, ``torch.tanh(temporary)``)
writes its result into the temporary's memory when
nothing else can see it (gradcli/ops/arith.py, ``_dead_operand``), as
numpy's temporary elision does: the values and gradients are those of the
same script with every temporary kept in a variable (which writes nothing
in place), bit for bit, and those of the same script with nothing written
in place; what a script still holds (variables, list items,
views, detached twins, saved tensors, function parameters) keeps its
value; and the temporaries are in fact reused (a count of the in-place
calls, so that a change in the evaluator's references shows here)."""
from __future__ import annotations

import numpy as np
import pytest

from gradcli.engine.tensor import Tensor
from gradcli.ops import arith
from inprocess import run_with_leaves

LARGE = (300, 300)          # above the engine's RELEASE_MIN


def _run(src, **inputs):
    """Run ``src`` on float32 inputs (lower-case names are leaves that
    require grad): their grads and the run's variables."""
    leaves, result = run_with_leaves("import torch\n" + src, **inputs)
    return {k: t._grad.data for k, t in leaves.items() if t._grad is not None}, result.variables


def _bits(a):
    return np.ascontiguousarray(a).view(np.uint32)


@pytest.fixture
def in_place_calls(monkeypatch):
    """The in-place calls made (the ufuncs' names), counted."""
    calls = []
    for table in (arith.SUM_UFUNCS, arith.SCALAR_UFUNCS, arith.UNARY_UFUNCS):
        for key, fn in list(table.items()):
            def counted(*args, _fn=fn, _key=key, **kwargs):
                calls.append(_key)
                return _fn(*args, **kwargs)
            monkeypatch.setitem(table, key, counted)
    return calls


# (script with temporaries, the same with each temporary in a variable, in-place calls expected)
FORMS = {
    "temporary + temporary": ("z = (a * 2.0) + (b * 3.0)\n", "u = a * 2.0\nv = b * 3.0\nz = u + v\n", 1),
    "temporary - variable": ("v = b * 3.0\nz = (a * 2.0) - v\n", "u = a * 2.0\nv = b * 3.0\nz = u - v\n", 1),
    "variable + temporary": ("u = a * 2.0\nz = u + torch.sin(b)\n", "u = a * 2.0\nv = torch.sin(b)\nz = u + v\n", 1),
    "number + temporary": ("z = 1 + b * b\n", "u = b * b\nz = 1 + u\n", 1),
    "number * temporary": ("z = 2 * torch.sin(a)\n", "u = torch.sin(a)\nz = 2 * u\n", 1),
    "the elementwise row": ("z = torch.exp(torch.sin(a) * b + a / (1 + b * b))\n",
                            "s = torch.sin(a)\nbb = b * b\nq = 1 + bb\np = s * b\nr = a / q\nt = p + r\n"
                            "z = torch.exp(t)\n", 3),
    "a chain": ("z = (a * 2.0) + b + b - a + (b * a)\n",
                "u = a * 2.0\nv = u + b\nw = v + b\nx = w - a\ny = b * a\nz = x + y\n", 4),
    "exp of a temporary": ("z = torch.exp(a * 2.0)\n", "u = a * 2.0\nz = torch.exp(u)\n", 1),
    "tanh of a broadcast sum": ("z = torch.tanh((a * 2.0) + c)\n", "u = a * 2.0\nv = u + c\nz = torch.tanh(v)\n", 2),
    "a broadcast sum, the other way": ("z = c - torch.sin(a)\n", "u = torch.sin(a)\nz = c - u\n", 1),
    "a view as the other operand": ("z = (a * 2.0) + b.t()\n", "u = a * 2.0\nz = u + b.t()\n", 1),
    "float64 temporaries": ("D = b.double()\nz = (a * 2.0).double() + D\n",
                            "D = b.double()\nu = (a * 2.0).double()\nz = u + D\n", 1),
    "in a function": ("def f(x):\n    return x + (x * 3.0)\nu = a * 2.0\nz = f(u)\n",
                      "def f(x):\n    v = x * 3.0\n    return x + v\nu = a * 2.0\nz = f(u)\n", 1),
}


@pytest.mark.parametrize("case", FORMS)
def test_temporaries_reused_give_the_values_and_gradients_of_kept_ones(case, in_place_calls, monkeypatch):
    rng = np.random.default_rng(1)
    av, bv, gv = (rng.standard_normal(LARGE).astype(np.float32) for _ in range(3))
    cv = rng.standard_normal(LARGE[1]).astype(np.float32)
    short, kept, expected = FORMS[case]
    got, got_vars = _run(short + "z.backward(G)\n", a=av, b=bv, c=cv, G=gv)
    assert len(in_place_calls) == expected
    del in_place_calls[:]
    _, kept_vars = _run(kept + "z.backward(G)\n", a=av, b=bv, c=cv, G=gv)
    assert not in_place_calls
    monkeypatch.setattr(arith, "_DEAD_REFS", 0)             # nothing written in place
    monkeypatch.setattr(arith, "_DEAD_SCALAR_REFS", 0)
    monkeypatch.setattr(arith, "_DEAD_UNARY_REFS", 0)
    want, want_vars = _run(short + "z.backward(G)\n", a=av, b=bv, c=cv, G=gv)
    assert not in_place_calls
    assert np.array_equal(_bits(got_vars["z"].data), _bits(want_vars["z"].data))
    assert np.array_equal(_bits(got_vars["z"].data), _bits(kept_vars["z"].data))
    for k in want:
        assert np.array_equal(_bits(got[k]), _bits(want[k])), k
    for name, t in got_vars.items():            # what the short script still holds is as computed
        if type(t) is Tensor and name in kept_vars:
            assert np.array_equal(_bits(t.data), _bits(kept_vars[name].data)), name


# scripts whose operand is held by something: nothing is written in place
HELD = {
    "variables": "u = a * 2.0\nv = b * 3.0\nz = u + v\nz2 = 1 + u\nz3 = 2 * v\n",
    "list items": "L = [a * 2.0, b * 3.0]\nz = L[0] + L[1]\nz2 = 1 + L[0]\n",
    "dict values": "D = {'u': a * 2.0}\nz = D['u'] + b\n",
    "tuple items": "T = (a * 2.0, b)\nz = T[0] + T[1]\n",
    "a view kept": "u = a * 2.0\nr0 = u[0]\nw = u.view(-1)\nz = u + b\n",
    "a detached twin": "u = a * 2.0\nd = u.detach()\nz = u + b\n",
    "a saved input": "u = a * 2.0\nm = u * b\nz = u + b\n",
    "an output its node saved": "z = torch.exp(a) + b\nz2 = 1 + torch.sigmoid(b)\n",
    "a leaf": "z = a + b\nz2 = 1 + a\n",
    "a parameter": "def f(x):\n    return x + b\nz = f(a * 2.0)\n",
    "a loop variable": "u = a * 2.0\nfor i in range(2):\n    u = u + b\nz = u\n",
    "a comprehension": "u = a * 2.0\nL = [u + b for i in range(2)]\nz = L[0]\n",
    "a lambda": "f = lambda x: 1 + x\nu = a * 2.0\nz = f(u)\n",
    "torch.add": "z = torch.add(a * 2.0, b * 3.0)\nz2 = (a * 2.0).add(b)\n",
    "broadcast up": "S = torch.stack([b, b])\nz = (a * 2.0) + S\nz2 = S - (a * 3.0)\n",
    "exp of a variable": "u = a * 2.0\nz = torch.exp(u)\nz2 = torch.tanh(u)\n",
    "exp as a method": "z = (a * 2.0).exp()\n",
    "exp of an output its node saved": "z = torch.exp(torch.exp(a))\nz2 = torch.tanh(torch.tanh(b))\n",
    "a small tensor": "z = torch.exp(c * 2.0) + (c * 3.0)\n",
    "mixed dtypes": "D = b.double()\nz = (a * 2.0) + D\nz2 = D - (a * 3.0)\n",
    "no grad": "with torch.no_grad():\n    z = (a * 2.0) + (b * 3.0)\n",
}


@pytest.mark.parametrize("case", HELD)
def test_an_operand_someone_holds_is_not_written_into(case, in_place_calls):
    rng = np.random.default_rng(2)
    av, bv = (rng.standard_normal(LARGE).astype(np.float32) for _ in range(2))
    cv = rng.standard_normal(LARGE[1]).astype(np.float32)
    _, got = _run(HELD[case], a=av, b=bv, c=cv)
    assert not in_place_calls
    two, three = av * np.float32(2.0), bv * np.float32(3.0)
    held = {"u": two, "v": three, "d": two, "m": two * bv, "w": two.reshape(-1)}
    for name, want in held.items():
        if type(got.get(name)) is Tensor and case not in ("a loop variable",):
            assert np.array_equal(got[name].data, want), name
    if case == "list items":
        assert np.array_equal(got["L"][0].data, two) and np.array_equal(got["L"][1].data, three)
    if case == "a view kept":
        assert np.array_equal(got["r0"].data, two[0])


def test_a_chain_of_reused_temporaries_live_against_pytorch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(3)
    av, bv = (rng.standard_normal(LARGE).astype(np.float32) for _ in range(2))
    src = "z = ((a * 2.0) + (b * 3.0) - (a * b) + 1) * 1.0\ny = (2 * (1 + a * a) - b).sum()\n" \
          "(y + z.sum()).backward()\n"
    got, got_vars = _run(src, a=av, b=bv)
    a, b = torch.tensor(av, requires_grad=True), torch.tensor(bv, requires_grad=True)
    z = ((a * 2.0) + (b * 3.0) - (a * b) + 1) * 1.0
    y = (2 * (1 + a * a) - b).sum()
    (y + z.sum()).backward()
    assert np.array_equal(_bits(got_vars["z"].data), _bits(z.detach().numpy()))
    assert np.array_equal(_bits(got["a"]), _bits(a.grad.numpy()))
    assert np.array_equal(_bits(got["b"]), _bits(b.grad.numpy()))


def test_the_grad_views_intermediate_values_are_kept(tmp_path):
    """``gradcli grad`` shows every intermediate node's value: it holds them,
    so none is written into."""
    import json

    from inprocess import run_cli
    xv = np.random.default_rng(4).standard_normal(LARGE).astype(np.float32)
    np.save(tmp_path / "x.npy", xv)
    r = run_cli(["grad", "torch.exp(x*2) + (1 + x*x) - x*3", "-a", f"x=@{tmp_path / 'x.npy'}", "--reduce", "sum",
                 "-f", "json"])
    assert r.returncode == 0, r.stderr
    nodes = {n["source"]: n for n in json.loads(r.stdout)["files"][0]["result"]["nodes"]}
    want = {"x*2": xv * np.float32(2), "x*x": xv * xv, "(1 + x*x)": 1 + xv * xv, "x*3": xv * np.float32(3)}
    for src, value in want.items():
        v = nodes[src]["value"]
        got = np.array(v["data"] if isinstance(v, dict) else v, dtype=np.float32)
        assert np.array_equal(got, value), src
