"""Gradient formulas too long for one row, written once over the math
namespace ``m`` (``ops/mathspace.py``): numpy on the plain path, Tensors
under ``create_graph=True``.

Masks and tie counts are computed on ``m.data(...)`` and lifted with
``m.const``: their derivative is zero. The formulas follow PyTorch's
(FunctionsManual.cpp), in the same order of operations, so float32 results
round the same way.
"""
from __future__ import annotations

import numpy as np

from ..errors import runtime_error
from .cpu_kernels import cumprod

_INF = float("inf")


def no_derivative(name):
    """The rule of an input of an op PyTorch has no derivative for (its
    node is ``NotImplemented``: a backward through it is this error)."""
    def rule(m, g, out, *inputs):
        raise runtime_error(f"derivative for aten::{name} is not implemented")
    return rule


def _np_keep(x, dims, keepdim):
    """A reduced numpy result with the reduced dims put back as size 1."""
    if keepdim or not dims:
        return x
    return np.expand_dims(x, dims)


def keep(m, x, dims, keepdim):
    """``x`` with the reduced ``dims`` put back as size 1 (unless kept)."""
    if keepdim or not dims:
        return x
    return m.keep_dims(x, dims, False, len(m.data(x).shape) + len(dims))


def _count(shape, dims):
    n = 1
    for d in (range(len(shape)) if dims is None else dims):
        n *= shape[d]
    return n


# ***** max, min, amax, amin *****

def spread(m, g, a, out, dims, keepdim, nan_aware):
    """Gradient of max/min/amax/amin: shared evenly by the elements equal to
    the result (``nan_aware``: PyTorch's evenly_distribute_backward)."""
    ad, gd = m.data(a), m.data(g)
    ok = _np_keep(m.data(out), dims, keepdim)
    mask = np.isnan(ad) if nan_aware and np.isnan(ok).any() else ad == ok
    n = np.sum(mask, axis=dims or None, keepdims=True)
    share = keep(m, g, dims, keepdim) / m.const(n.astype(gd.dtype))
    if nan_aware:
        return m.where(mask, share, 0.0)
    return share * m.const(mask.astype(gd.dtype))


# ***** maximum, minimum *****

def tie_half(m, g, x, other, larger):
    """maximum/minimum: ``g`` where ``x`` won, ``g / 2`` on ties, 0 where it lost."""
    xd, od = m.data(x), m.data(other)
    lose = (xd < od) if larger else (xd > od)
    # NOTE: masked, not multiplied by 0: PyTorch's zeros are +0 (the sign shows in -g later).
    return m.where(lose, 0.0, m.where(xd == od, g / 2, g))


# ***** prod, cumprod *****

def exclusive_prod(m, a, dim):
    """The product of the other elements along ``dim``, safe with zeros."""
    ad = m.data(a)
    n = ad.shape[dim]
    if not m.is_tensor:
        ones = np.ones_like(np.take(ad, [0], axis=dim))
        head = np.take(ad, np.arange(n - 1), axis=dim)
        tail = np.flip(np.take(ad, np.arange(1, n), axis=dim), axis=dim)
        before = cumprod(np.concatenate([ones, head], axis=dim), dim)
        after = np.flip(cumprod(np.concatenate([ones, tail], axis=dim), dim), axis=dim)
        return before * after
    # NOTE: differentiable form: row i of an n-fold copy of ``a`` has element
    # i (along ``dim``) replaced by 1, then each row is multiplied out.
    from .reduce import prod
    from .shape import expand, permute, unsqueeze
    shape = ad.shape
    rows = np.arange(n).reshape((n,) + (1,) * len(shape))
    cols = np.arange(n).reshape((1,) + tuple(n if k == dim else 1 for k in range(len(shape))))
    eye = np.broadcast_to(rows == cols, (n,) + shape)
    others = prod(m.where(eye, 1.0, expand(unsqueeze(a, 0), (n,) + shape)), dim + 1)
    order = list(range(1, dim + 1)) + [0] + list(range(dim + 1, len(shape)))
    return permute(others, order)


def prod_grad(m, g, a, out, dim, keepdim):
    """``dim`` None: the whole-tensor prod."""
    ad = m.data(a)
    if ad.ndim == 0:
        return g
    if dim is None:
        zeros = np.count_nonzero(ad == 0)
        if not zeros:
            return g * (out / a)
        if zeros > 1 and not m.is_tensor:
            # NOTE: PyTorch's plain path returns zeros here (+0., whatever g is).
            return m.zeros_like(ad)
        return g * m.reshape(exclusive_prod(m, m.reshape(a, (-1,)), 0), ad.shape)
    gk, ok = keep(m, g, (dim,), keepdim), keep(m, out, (dim,), keepdim)
    if ad.size == 0 or not (ad == 0).any():
        return gk * (ok / a)
    if ad.shape[dim] == 1:
        return m.expand(gk, ad.shape)
    return gk * exclusive_prod(m, a, dim)


# ***** var, std *****

def _dof(a, dims, correction):
    whole = dims is None or a.ndim == 0
    return whole, _count(a.shape, None if whole else dims) - correction


def _two_over(dof):
    return 2.0 / dof if dof else _INF


def var_grad(m, g, a, dims, correction, keepdim):
    ad = m.data(a)
    whole, dof = _dof(ad, dims, correction)
    if whole:
        if dof <= 0:
            # NOTE: PyTorch's 2 / dof is inf: inf times (x - mean), NaN where x is the mean
            at_mean = ad == m.data(m.mean(a, None))
            return g * m.const(np.where(at_mean, np.nan, _INF).astype(ad.dtype))
        return _two_over(dof) * g * (a - m.mean(a, None))
    return _two_over(dof) * keep(m, g, dims, keepdim) * (a - m.mean(a, dims))


def std_grad(m, g, a, out, dims, correction, keepdim):
    gv = m.where(m.data(out) == 0, 0.0, g / (out * 2))
    return var_grad(m, gv, a, dims, correction, keepdim)


# ***** vector norm *****

def norm_grad(m, g, a, out, ord, dims, keepdim):
    """PyTorch's norm_backward. NOTE: for ord=0 PyTorch leaves the gradient
    undefined (None); gradcli gives zeros."""
    ad = m.data(a)
    if ad.ndim and not keepdim:
        g, out = keep(m, g, dims, False), keep(m, out, dims, False)
    gdt = m.data(g).dtype
    if ord == 0:
        return m.const(np.zeros(ad.shape, dtype=gdt))
    if ord == 1:
        return m.sgn(a) * g
    at_zero = m.data(out) == 0
    if ord == 2:
        return g * m.where(at_zero, 0.0, a / out)
    if np.isinf(ord):
        mask = (np.abs(ad) == m.data(out)) | np.isnan(ad)
        n = np.sum(mask, axis=dims or None, keepdims=True).astype(gdt)
        return m.sgn(a) * ((g / m.const(n)) * m.const(mask.astype(gdt)))
    if ord < 1:
        scaled = m.sgn(a) * m.where(ad == 0, 0.0, m.abs(a) ** (ord - 1))
        return scaled * g * out ** (1 - ord)
    scaled = m.sgn(a) * m.abs(a) ** (ord - 1) if ord < 2 else a * m.abs(a) ** (ord - 2)
    return scaled * m.where(at_zero, 0.0, g / out ** (ord - 1))
