"""For every op row: the Hessian of a scalar function of it (the case's
weighted loss) by ``torch.autograd.functional.hessian`` in gradcli equals
PyTorch's, live when torch is importable. Inputs in float64, one sample
per row (its first with random inputs and a gradient)."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from gradcli.engine.tensor import Tensor
from gradcli.errors import GradcliError
from gradcli.ops import arith
from gradcli.ops.autograd_calls import autograd_grad
from gradcli.ops.functional_autograd import Inner, hessian
from row_cases import build, cases, has_fd, outputs_of, weights

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = json.loads((ROOT / "tests" / "goldens" / "op_rows.json").read_text())


def _cases():
    out, seen = [], set()
    for case_id, op, _, sample in cases():
        if op.key in seen:
            continue
        golden = GOLDEN["cases"].get(case_id, {})
        if "error" in golden or not has_fd(sample) or not any(g is not None for g in golden.get("grads", {}).values()):
            continue
        seen.add(op.key)
        out.append(pytest.param((case_id, op, sample), id=case_id))
    return out


def _function(case_id, op, sample, make_constant, call, loss):
    """f(*leaves) -> the case's loss, with the leaves put in place in order."""
    def f(*leaf_tensors):
        it = iter(leaf_tensors)

        def make(arr, requires_grad):
            return next(it) if requires_grad else make_constant(arr)
        args, kwargs, _ = build(case_id, sample, make)
        return loss(outputs_of(call(*args, **kwargs)))
    return f


def _leaf_arrays(case_id, sample):
    _, _, leaf_map = build(case_id, sample, lambda arr, rg: np.asarray(arr, dtype=np.float64))
    return list(leaf_map.values())


def _both_functions(case_id, op, sample, torch):
    """The case's weighted loss as a function of its leaves, in PyTorch and
    in gradcli."""
    from row_cases import torch_callable

    def gc_loss(outs):
        total = None
        for o, w in zip(outs, weights(case_id, outs)):
            if o.data.dtype.kind == "f":
                term = arith.sum(arith.mul(o, Tensor(w.astype(o.data.dtype))))
                total = term if total is None else arith.add(total, term)
        return total

    def torch_loss(outs):
        outs = [o for o in outs if isinstance(o, torch.Tensor)]
        return sum((o * torch.tensor(w, dtype=o.dtype)).sum() for o, w in zip(outs, weights(case_id, outs))
                   if o.is_floating_point())

    _, fn = torch_callable(op, torch)
    tf = _function(case_id, op, sample, lambda a: torch.tensor(np.array(a)), fn, torch_loss)
    gf = _function(case_id, op, sample, lambda a: Tensor(np.array(a)), op.call, gc_loss)
    return tf, gf


@pytest.mark.parametrize("case", _cases())
def test_hessian_matches_pytorch(case):
    torch = pytest.importorskip("torch")
    case_id, op, sample = case
    points = _leaf_arrays(case_id, sample)
    tf, gf = _both_functions(case_id, op, sample, torch)
    try:
        expected = torch.autograd.functional.hessian(tf, tuple(torch.tensor(p) for p in points))
    except RuntimeError as e:          # PyTorch cannot differentiate the first gradient (cdist's): nor can gradcli
        with pytest.raises(GradcliError) as err:
            hessian(Inner(gf), tuple(Tensor(p.copy()) for p in points))
        assert err.value.message == str(e)
        return
    got = hessian(Inner(gf), tuple(Tensor(p.copy()) for p in points))
    for i in range(len(points)):
        for j in range(len(points)):
            e, g = expected[i][j].numpy(), got[i][j].data
            assert g.shape == e.shape, f"block {i},{j}"
            np.testing.assert_allclose(g, e, rtol=1e-6, atol=1e-9, err_msg=f"{case_id} block {i},{j}")


@pytest.mark.parametrize("case", _cases())
def test_first_gradient_is_in_the_graph_as_pytorchs(case):
    """Under create_graph=True, each first gradient has a graph exactly when
    PyTorch's has: relu's has one (its backward op takes the saved result,
    with a zero derivative) and its own gradient is zeros, clamp's has none."""
    torch = pytest.importorskip("torch")
    case_id, op, sample = case
    points = _leaf_arrays(case_id, sample)
    tf, gf = _both_functions(case_id, op, sample, torch)
    t_leaves = [torch.tensor(p, requires_grad=True) for p in points]
    t_grads = torch.autograd.grad(tf(*t_leaves), t_leaves, create_graph=True, allow_unused=True)
    g_leaves = [Tensor(p.copy(), requires_grad=True) for p in points]
    g_grads = autograd_grad(gf(*g_leaves), g_leaves, create_graph=True, allow_unused=True)
    for i, (e, g) in enumerate(zip(t_grads, g_grads)):
        assert (g is not None and g.requires_grad) == (e is not None and e.requires_grad), f"input {i}"
        if e is None or not e.requires_grad:
            continue
        try:
            (e2,) = torch.autograd.grad(e.sum(), t_leaves[i], retain_graph=True, allow_unused=True)
        except RuntimeError as e:      # the first gradient's node has no derivative in PyTorch: the same error
            with pytest.raises(GradcliError) as err:
                autograd_grad(arith.sum(g), g_leaves[i], retain_graph=True, allow_unused=True)
            assert err.value.message == str(e)
            continue
        (g2,) = autograd_grad(arith.sum(g), g_leaves[i], retain_graph=True, allow_unused=True)
        assert (g2 is None) == (e2 is None), f"input {i}"
        if e2 is not None:
            np.testing.assert_allclose(g2.data, e2.numpy(force=True), rtol=1e-6, atol=1e-9, err_msg=f"input {i}")
