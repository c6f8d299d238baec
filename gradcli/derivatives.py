"""Jacobians and Hessians of one inline formula (the ``jacobian`` and
``hessian`` commands), by one reverse pass per output element, as
``torch.autograd.functional`` computes them. Each block has PyTorch's
layout: output shape then input shape."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .engine import autograd as AG
from .engine.context import CONTEXT
from .engine.tensor import Tensor
from .errors import GradcliError


@dataclass
class DerivativeResult:
    formula: str
    kind: str                                   # "jacobian" or "hessian"
    value: Tensor
    leaves: dict = field(default_factory=dict)  # name -> leaf Tensor
    blocks: dict = field(default_factory=dict)  # jacobian: name -> T; hessian: (a, b) -> T


def _rows(output: Tensor, leaves: list, create_graph: bool = False) -> list:
    """For each leaf, the matrix (output elements x leaf elements) of the
    derivatives of ``output``: one reverse pass per output element."""
    n = output.data.size
    mats = [np.zeros((n, t.data.size), dtype=t.data.dtype) for t in leaves]
    if not output.requires_grad:               # a constant: all zeros
        return mats
    for i in range(n):
        onehot = np.zeros(n, dtype=output.data.dtype)
        onehot[i] = 1
        grads = AG.grad([output], leaves, [Tensor(onehot.reshape(output.shape))],
                        retain_graph=True, create_graph=create_graph, allow_unused=True)
        for m, g in zip(mats, grads):
            if g is not None:
                m[i] = g.data.reshape(-1)
    return mats


def _check_size(n_out: int, leaves: dict, what: str):
    for t in leaves.values():
        CONTEXT.check_size(n_out * t.data.size, what)


def jacobian(formula: str, at: dict, consts: dict) -> DerivativeResult:
    from .formula import forward
    from .session import quiet_numerics
    with quiet_numerics():
        _, _, value = forward(formula, at, consts)
        _check_size(value.data.size, at, "Jacobian")
        names = list(at)
        mats = _rows(value, [at[k] for k in names])
    blocks = {k: Tensor(m.reshape(value.shape + at[k].shape)) for k, m in zip(names, mats)}
    return DerivativeResult(formula, "jacobian", value, dict(at), blocks)


def hessian(formula: str, at: dict, consts: dict) -> DerivativeResult:
    from .formula import forward
    from .session import quiet_numerics
    with quiet_numerics():
        _, expr, value = forward(formula, at, consts)
        if value.data.size != 1:
            raise GradcliError("RuntimeError",
                               f"the Hessian is for a formula with one value (this one has shape "
                               f"{list(value.shape)})", expr.span,
                               "wrap it in sum(...) or mean(...), or use `gradcli jacobian`")
        names = list(at)
        leaves = [at[k] for k in names]
        for t in leaves:
            _check_size(t.data.size, at, "Hessian")
        firsts = AG.grad([value], leaves, [None], retain_graph=True, create_graph=True, allow_unused=True)
        blocks = {}
        for a, g in zip(names, firsts):
            if g is None:
                g = Tensor(np.zeros_like(at[a].data))
            for b, m in zip(names, _rows(g, leaves)):
                blocks[(a, b)] = Tensor(m.reshape(at[a].shape + at[b].shape))
    return DerivativeResult(formula, "hessian", value, dict(at), blocks)
