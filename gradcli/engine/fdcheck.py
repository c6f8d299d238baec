"""Gradient checks against central finite differences, in float64 (the
``check`` command).

While checking, ``record`` keeps a float64 copy of every input of every
node (``CONTEXT.snapshots``), so the forward computation behind a backward
pass can be replayed later with one value perturbed, even if a tensor was
changed in place since. The replay walks the graph without recursion and
runs each op's own forward from the op table.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .autograd import Node
from .context import CONTEXT
from .tensor import Tensor

MAX_CHECKED_ELEMENTS = 10_000     # per input: 2 replays per element


@dataclass
class CheckConfig:
    eps: float = 1e-6
    atol: float = 1e-5
    rtol: float = 1e-3


@dataclass
class InputCheck:
    tensor: Tensor
    shape: tuple
    max_abs_err: float = 0.0
    max_rel_err: float = 0.0
    worst_index: tuple = ()
    worst_autograd: float = 0.0    # the two gradients at worst_index
    worst_numeric: float = 0.0
    passed: bool = True
    skipped: str | None = None     # why it was not checked


def snapshot(args) -> tuple:
    """What ``record`` keeps of a node's inputs while checking."""
    return tuple(np.array(a.data, dtype=np.float64 if a.data.dtype.kind == "f" else a.data.dtype, copy=True)
                 if type(a) is Tensor else a for a in args)


def _order(roots) -> list:
    """The nodes below ``roots``, inputs before the nodes that use them."""
    order, state, stack = [], {}, [(r, False) for r in roots if type(r) is Node]
    while stack:
        fn, expanded = stack.pop()
        k = id(fn)
        if expanded:
            order.append(fn)
            continue
        if k in state:
            continue
        state[k] = True
        stack.append((fn, True))
        stack.extend((e, False) for e in fn.edges if type(e) is Node and id(e) not in state)
    return order


def replay(order, roots, override: dict) -> list:
    """The float64 values of ``roots`` with ``override`` (id(node) → value)
    in place of those nodes' values (leaves are their AccumulateGrad)."""
    values = {}
    for fn in order:
        k = id(fn)
        if k in override:
            values[k] = override[k]
            continue
        snap = CONTEXT.snapshots.get(fn)
        if snap is None:
            raise LookupError(fn.name)
        ins = []
        for arg, edge, saved in zip(fn.args, fn.edges, snap):
            if edge is not None and id(edge) in values:
                ins.append(values[id(edge)])
            elif edge is not None and id(edge) in override:
                ins.append(override[id(edge)])
            else:
                ins.append(saved)
        if fn.op.key == "to_copy" and ins[0].dtype.kind == "f" and fn.attrs["dtype"].category == 2:
            values[k] = ins[0]                  # keep float64 through float casts
        else:
            values[k] = np.asarray(fn.op.forward(*ins, **fn.attrs), dtype=np.float64)
    return [override.get(id(r), values.get(id(r))) for r in roots]


def check(roots, grad_outputs, inputs, analytic, cfg: CheckConfig) -> list:
    """``roots``: the grad_fn (or AccumulateGrad) of each output;
    ``grad_outputs``: the gradient flowing into each; ``inputs``: the nodes
    (AccumulateGrad for leaves) whose gradients are checked, with their
    tensors and the ``analytic`` gradients gradcli computed."""
    order = _order(roots)
    weights = [np.asarray(g, dtype=np.float64) for g in grad_outputs]
    bases = {id(fn): np.array(t.data, dtype=np.float64) for fn, t in inputs}
    # NOTE: an input that is an op's result (autograd.grad(out, [v, x]) with
    # v computed from x) is recomputed when another input is perturbed: the
    # gradient for x takes every path, through v too, as PyTorch's does;
    # only the input checked is held at its perturbed value.
    leaves = {id(fn): bases[id(fn)] for fn, _ in inputs if type(fn) is not Node}
    results = []
    for (fn, t), a in zip(inputs, analytic):
        res = InputCheck(t, tuple(t.data.shape))
        results.append(res)
        n = t.data.size
        if n > MAX_CHECKED_ELEMENTS:
            res.skipped = f"{n:,} elements: over {MAX_CHECKED_ELEMENTS:,}, not checked"
            continue
        base = bases[id(fn)]
        numeric = np.zeros(n)
        for i in range(n):
            vals = []
            for step in (cfg.eps, -cfg.eps):
                x = base.copy().reshape(-1)
                x[i] += step
                override = dict(leaves)
                override[id(fn)] = x.reshape(base.shape)
                outs = replay(order, roots, override)
                vals.append(sum(float(np.sum(o * w)) for o, w in zip(outs, weights)))
            numeric[i] = (vals[0] - vals[1]) / (2 * cfg.eps)
        _compare(res, np.asarray(a, dtype=np.float64).reshape(-1), numeric, cfg)
    return results


def _compare(res: InputCheck, a, n, cfg):
    diff = np.abs(a - n)
    bound = cfg.atol + cfg.rtol * np.abs(n)
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = np.where(np.abs(n) > 0, diff / np.abs(n), np.where(diff > 0, np.inf, 0.0))
        ratio = np.where(np.isfinite(diff), diff / bound, np.inf)
    res.max_abs_err = float(diff.max()) if diff.size else 0.0
    res.max_rel_err = float(rel.max()) if rel.size else 0.0
    if diff.size:
        worst = int(np.nanargmax(ratio)) if not np.isnan(ratio).all() else 0
        res.worst_index = tuple(int(i) for i in np.unravel_index(worst, res.shape)) if res.shape else ()
        res.worst_autograd, res.worst_numeric = float(a[worst]), float(n[worst])
    res.passed = bool(np.all(diff <= bound))
