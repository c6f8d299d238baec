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
from gradcli.ops import arith
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


@pytest.mark.parametrize("case", _cases())
def test_hessian_matches_pytorch(case):
    torch = pytest.importorskip("torch")
    from row_cases import torch_callable
    case_id, op, sample = case
    points = _leaf_arrays(case_id, sample)

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
    expected = torch.autograd.functional.hessian(tf, tuple(torch.tensor(p) for p in points))
    gf = _function(case_id, op, sample, lambda a: Tensor(np.array(a)), op.call, gc_loss)
    got = hessian(Inner(gf), tuple(Tensor(p.copy()) for p in points))
    for i in range(len(points)):
        for j in range(len(points)):
            e, g = expected[i][j].numpy(), got[i][j].data
            assert g.shape == e.shape, f"block {i},{j}"
            np.testing.assert_allclose(g, e, rtol=1e-6, atol=1e-9, err_msg=f"{case_id} block {i},{j}")
