"""Math helpers of the gradient rules of the selection, statistics and
joining ops (the table rows of ``ops/reduce.py``, ``ops/stats.py`` and
``ops/join.py``).

Each ``name`` works on numpy arrays (``engine/mathns.NUMPY`` falls back to
it) and ``d_name`` does the same over Tensors with recorded ops
(``engine/mathns.TENSOR``), so the gradients are differentiable under
``create_graph=True``. Masks and tie counts are constants: their derivative
is zero. The formulas follow PyTorch's (FunctionsManual.cpp), in the same
order of operations, so the float32 results round the same way.
"""
from __future__ import annotations

import numpy as np

from ..engine.tensor import Tensor

_INF = float("inf")


def _keep(x, dims, keepdim):
    """A reduced result with the reduced dims put back as size 1."""
    if keepdim or not dims:
        return x
    return np.expand_dims(x, dims)


def _count(shape, dims):
    n = 1
    for d in (range(len(shape)) if dims is None else dims):
        n *= shape[d]
    return n


# ***** max, min, amax, amin *****

def _spread_mask(a, out, dims, keepdim, nan_aware):
    ok = _keep(out, dims, keepdim)
    if nan_aware and np.isnan(ok).any():
        mask = np.isnan(a)                   # the result is NaN: the NaNs picked it
    else:
        mask = a == ok
    return mask, np.sum(mask, axis=dims or None, keepdims=True)


def spread(g, a, out, dims, keepdim, nan_aware):
    """Gradient of max/min/amax/amin: shared evenly by the elements equal to
    the result (``nan_aware``: PyTorch's evenly_distribute_backward)."""
    mask, count = _spread_mask(a, out, dims, keepdim, nan_aware)
    share = _keep(g, dims, keepdim) / count.astype(g.dtype)
    if nan_aware:
        return np.where(mask, share, np.zeros((), dtype=g.dtype))
    return share * mask


def d_spread(g, a, out, dims, keepdim, nan_aware):
    from .api import div, mul
    from .join import where
    mask, count = _spread_mask(a.data, out.data, dims, keepdim, nan_aware)
    share = div(_d_keep(g, dims, keepdim), Tensor(count.astype(g.data.dtype)))
    if nan_aware:
        return where(Tensor(mask), share, 0.0)
    return mul(share, Tensor(mask.astype(g.data.dtype)))


def _d_keep(t, dims, keepdim):
    if keepdim or not dims:
        return t
    from .shape import unsqueeze
    for d in sorted(dims):
        t = unsqueeze(t, d)
    return t


# ***** maximum, minimum *****

def _tie_weight(x, other, larger, dtype):
    lose = (x < other) if larger else (x > other)
    return np.where(lose, 0.0, np.where(x == other, 0.5, 1.0)).astype(dtype)


def tie_half(g, x, other, larger):
    """maximum/minimum: ``where(x == other, g / 2, g)``, zero where ``x`` lost."""
    half = np.where(x == other, g / 2, g)
    lose = (x < other) if larger else (x > other)
    return np.where(lose, np.zeros((), dtype=g.dtype), half)


def d_tie_half(g, x, other, larger):
    from .api import mul
    return mul(g, Tensor(_tie_weight(x.data, other.data, larger, g.data.dtype)))


# ***** prod *****

def _exclusive(a, dim):
    """The product of the other elements along ``dim``, safe with zeros."""
    n = a.shape[dim]
    ones = np.ones_like(np.take(a, [0], axis=dim))
    head = np.take(a, np.arange(n - 1), axis=dim)
    tail = np.flip(np.take(a, np.arange(1, n), axis=dim), axis=dim)
    before = np.cumprod(np.concatenate([ones, head], axis=dim), axis=dim)
    after = np.flip(np.cumprod(np.concatenate([ones, tail], axis=dim), axis=dim), axis=dim)
    return before * after


def prod_grad(g, a, out, dim, keepdim):
    """``dim`` None: the whole-tensor prod."""
    if a.ndim == 0:
        return g
    if dim is None:
        if not (a == 0).any():
            return g * (out / a)
        return g * _exclusive(a.reshape(-1), 0).reshape(a.shape)
    gk, ok = _keep(g, (dim,), keepdim), _keep(out, (dim,), keepdim)
    if a.size == 0 or not (a == 0).any():
        return gk * (ok / a)
    if a.shape[dim] == 1:
        return np.broadcast_to(gk, a.shape)
    return gk * _exclusive(a, dim)


def d_prod_grad(g, a, out, dim, keepdim):
    from .api import div, mul
    from .shape import reshape
    if a.ndim == 0:
        return g
    if dim is None:
        if not (a.data == 0).any():
            return mul(g, div(out, a))
        return mul(g, reshape(_d_exclusive(reshape(a, -1), 0), a.shape))
    gk, ok = _d_keep(g, (dim,), keepdim), _d_keep(out, (dim,), keepdim)
    if a.data.size == 0 or not (a.data == 0).any():
        return mul(gk, div(ok, a))
    return mul(gk, _d_exclusive(a, dim))


def _d_exclusive(a, dim):
    """Differentiable ``_exclusive``: row i of an n-fold copy of ``a`` has
    element i (along ``dim``) replaced by 1, then each row is multiplied out."""
    from .join import where
    from .reduce import prod
    from .shape import expand, permute, unsqueeze
    shape, n = a.shape, a.shape[dim]
    rows = np.arange(n).reshape((n,) + (1,) * len(shape))
    cols = np.arange(n).reshape((1,) + tuple(n if k == dim else 1 for k in range(len(shape))))
    eye = Tensor(np.broadcast_to(rows == cols, (n,) + shape))
    others = prod(where(eye, 1.0, expand(unsqueeze(a, 0), (n,) + shape)), dim + 1)
    order = list(range(1, dim + 1)) + [0] + list(range(dim + 1, len(shape)))
    return permute(others, order)


# ***** var, std *****

def _dof(a, dims, correction):
    whole = dims is None or a.ndim == 0
    return whole, _count(a.shape, None if whole else dims) - correction


def _two_over(dof):
    return 2.0 / dof if dof else _INF


def var_grad(g, a, dims, correction, keepdim):
    whole, dof = _dof(a, dims, correction)
    if whole:
        if dof <= 0:
            return g * np.full(a.shape, _INF, dtype=a.dtype)
        return _two_over(dof) * g * (a - a.mean())
    return _two_over(dof) * _keep(g, dims, keepdim) * (a - a.mean(axis=dims or None, keepdims=True))


def d_var_grad(g, a, dims, correction, keepdim):
    from .api import mean, mul, sub
    whole, dof = _dof(a, dims, correction)
    if whole:
        if dof <= 0:
            return mul(g, Tensor(np.full(a.shape, _INF, dtype=a.data.dtype)))
        return mul(mul(g, _two_over(dof)), sub(a, mean(a)))
    centred = sub(a, mean(a, dims, keepdim=True) if dims else mean(a))
    return mul(mul(_d_keep(g, dims, keepdim), _two_over(dof)), centred)


def std_grad(g, a, out, dims, correction, keepdim):
    gv = np.where(out == 0, np.zeros((), dtype=g.dtype), g / (out * 2))
    return var_grad(gv, a, dims, correction, keepdim)


def d_std_grad(g, a, out, dims, correction, keepdim):
    from .api import div, mul
    from .join import where
    gv = where(Tensor(out.data == 0), 0.0, div(g, mul(out, 2)))
    return d_var_grad(gv, a, dims, correction, keepdim)


# ***** vector norm *****

def norm_grad(g, a, out, ord, dims, keepdim):
    """PyTorch's norm_backward. NOTE: for ord=0 PyTorch leaves the gradient
    undefined (None); gradcli gives zeros."""
    if a.ndim and not keepdim:
        g, out = _keep(g, dims, False), _keep(out, dims, False)
    zero = np.zeros((), dtype=g.dtype)
    if ord == 0:
        return np.zeros(a.shape, dtype=g.dtype)
    if ord == 1:
        return np.sign(a) * g
    if ord == 2:
        return g * np.where(out == 0, zero, a / out)
    if np.isinf(ord):
        mask = (np.abs(a) == out) | np.isnan(a)
        count = np.sum(mask, axis=dims or None, keepdims=True).astype(g.dtype)
        return np.sign(a) * ((g / count) * mask)
    if ord < 1:
        scaled = np.sign(a) * np.where(a == 0, zero, np.abs(a) ** (ord - 1))
        return scaled * g * out ** (1 - ord)
    scaled = np.sign(a) * np.abs(a) ** (ord - 1) if ord < 2 else a * np.abs(a) ** (ord - 2)
    return scaled * np.where(out == 0, zero, g / out ** (ord - 1))


def d_norm_grad(g, a, out, ord, dims, keepdim):
    from .api import abs, div, mul, pow
    from .join import where
    if a.ndim and not keepdim:
        g, out = _d_keep(g, dims, False), _d_keep(out, dims, False)
    # NOTE: PyTorch's sgn(x) here is recorded (SgnBackward0, zero gradient),
    # so even the 1-norm's gradient is connected to x.
    from ..engine.autograd import record
    from .table import OPS
    sign = record(OPS["sgn"], (a,), {}, np.sign(a.data))
    if ord == 0:
        return Tensor(np.zeros(a.shape, dtype=g.data.dtype))
    if ord == 1:
        return mul(sign, g)
    at_zero = Tensor(out.data == 0)
    if ord == 2:
        return mul(g, where(at_zero, 0.0, div(a, out)))
    if np.isinf(ord):
        mask = (np.abs(a.data) == out.data) | np.isnan(a.data)
        count = np.sum(mask, axis=dims or None, keepdims=True).astype(g.data.dtype)
        return mul(sign, mul(div(g, Tensor(count)), Tensor(mask.astype(g.data.dtype))))
    if ord < 1:
        scaled = mul(sign, where(Tensor(a.data == 0), 0.0, pow(abs(a), ord - 1)))
        return mul(mul(scaled, g), pow(out, 1 - ord))
    scaled = mul(sign, pow(abs(a), ord - 1)) if ord < 2 else mul(a, pow(abs(a), ord - 2))
    return mul(scaled, where(at_zero, 0.0, div(g, pow(out, ord - 1))))


# ***** where, cat, stack *****

def where_grad(cond, g, on_true):
    zero = np.zeros((), dtype=g.dtype)
    return np.where(cond, g, zero) if on_true else np.where(cond, zero, g)


def d_where_grad(cond, g, on_true):
    from .join import where
    cond = Tensor(cond)
    return where(cond, g, 0.0) if on_true else where(cond, 0.0, g)


def narrow(g, dim, start, stop):
    return g[(slice(None),) * dim + (slice(start, stop),)]


def d_narrow(g, dim, start, stop):
    from ..engine.autograd import record
    from .table import OPS
    attrs = {"dim": dim, "start": start, "stop": stop, "step": 1}
    return record(OPS["slice"], (g,), attrs, narrow(g.data, dim, start, stop))


def select(g, dim, index):
    return g[(slice(None),) * dim + (index, Ellipsis)]


def d_select(g, dim, index):
    from ..engine.autograd import record
    from .table import OPS
    return record(OPS["select"], (g,), {"dim": dim, "index": index}, select(g.data, dim, index))
