"""``torch.cdist``: the distance of every row of one tensor to every row of
another, on the two paths PyTorch takes (its own kernel, CdistBackward0, and
for p=2 over many rows a matrix product, EuclideanDistBackward0), with their
gradients."""
from __future__ import annotations

import math

import numpy as np

from ..engine import libm
from ..engine.autograd import record
from ..engine.tensor import Tensor
from ..errors import GradcliError, runtime_error
from .linalg import matmul
from .operands import broadcast_shape
from .oprow import Sample, T, implements, row
from .table import OPS


# ***** cdist *****
# NOTE: PyTorch's cdist takes two paths. For p=2 with more than 25 rows on
# either side (or compute_mode='use_mm_for_euclid_dist') it is a matrix
# product of padded inputs, clamped at 0 and square-rooted, whose node is
# EuclideanDistBackward0 (under a view); otherwise its own kernel, whose node
# is CdistBackward0. The kernel, as this build compiles it, squares groups of
# four float32 elements (two float64) as one vector and adds the squares in
# order, and fuses the multiply-add for the rest (checked against PyTorch
# 2.13 for 1 to 39, 63 to 65 and 100 columns, float32 and float64).
_CDIST_MODES = {"use_mm_for_euclid_dist_if_necessary": 0, "use_mm_for_euclid_dist": 1,
                "donot_use_mm_for_euclid_dist": 2}


def _diffs(a, b):
    """|x1_i - x2_j| for every pair of rows: (..., r1, r2, m)."""
    return a[..., :, None, :] - b[..., None, :, :]


def _two_norm_kernel(d):
    from ..engine.fma import fma32, fma64
    fma, group = (fma32, 4) if d.dtype == np.float32 else (fma64, 2)
    m = d.shape[-1]
    acc = np.zeros(d.shape[:-1], d.dtype)
    full = m - m % group
    for k in range(full):
        acc += d[..., k] * d[..., k]
    for k in range(full, m):
        acc = fma(d[..., k], d[..., k], acc)
    return np.sqrt(acc)


def _cdist_array(a, b, p):
    d = np.abs(_diffs(a, b))
    with np.errstate(all="ignore"):
        if p == 2:
            return _two_norm_kernel(d)
        if p == 0:
            return (d != 0).sum(-1).astype(d.dtype)
        if p == 1:
            return _in_order(d)
        if math.isinf(p):
            return d.max(-1) if d.shape[-1] else np.zeros(d.shape[:-1], d.dtype)
        # NOTE: the C library's double pow, rounded to the dtype, both ways
        powered = libm.pow(d.astype(np.float64), np.float64(p)).astype(d.dtype)
        return libm.pow(_in_order(powered).astype(np.float64), 1 / p).astype(d.dtype)


def _in_order(d):
    acc = np.zeros(d.shape[:-1], d.dtype)
    for k in range(d.shape[-1]):
        acc += d[..., k]
    return acc


def _cdist_grad_array(g, a, b, dist, p):
    """PyTorch's _cdist_backward for x1: each pair's term summed over x2's rows in order."""
    diff = _diffs(a, b)
    dist, g = dist[..., None], g[..., None]
    t = diff.dtype.type
    with np.errstate(all="ignore"):
        if p == 0:
            term = np.zeros_like(diff)
        elif p == 1:
            term = g * np.sign(diff)
        elif p == 2:
            term = np.where(dist == 0, t(0), g * diff / dist)
        elif math.isinf(p):
            term = g * np.sign(diff) * (np.abs(diff) == dist)
        elif p < 2:
            term = np.where((dist == 0) | ((diff == 0) & (p < 1)), t(0),
                            np.sign(diff) * np.abs(diff) ** t(p - 1) * g / dist ** t(p - 1))
        else:
            term = np.where(dist == 0, t(0), diff * np.abs(diff) ** t(p - 2) * g / dist ** t(p - 1))
    out = np.zeros(a.shape[:-2] + a.shape[-2:], a.dtype) if term.shape[-2] == 0 else term[..., 0, :].copy()
    for j in range(1, term.shape[-2]):
        out += term[..., j, :]
    return out


def _cdist_rule(which):
    def rule(m, g, out, a, b, p):
        x, y = (a, b) if which == 0 else (b, a)
        gg, dist = (g, out) if which == 0 else (m.mT(g), m.mT(out))
        if m.is_tensor:        # PyTorch's CdistBackwardBackward0: no derivative of its own
            value = _cdist_grad_array(gg.data, x.data, y.data, dist.data, p)
            return OPS["cdist_backward"].apply((gg, x, y), {}, value)
        return _cdist_grad_array(gg, x, y, dist, p)
    return rule


def _no_cdist_double_backward(m, g, out, *inputs):
    raise runtime_error("the derivative for '_cdist_backward' is not implemented.")


row("cdist_backward", "CdistBackwardBackward0", None,
    {"grad": _no_cdist_double_backward, "x1": _no_cdist_double_backward, "x2": _no_cdist_double_backward},
    via="cdist")
row("cdist", "CdistBackward0", _cdist_array, {"x1": _cdist_rule(0), "x2": _cdist_rule(1)},
    forms=("torch",), args="x1, x2, p=2.0, compute_mode='use_mm_for_euclid_dist_if_necessary'",
    samples=(Sample(T((3, 2)), T((4, 2))), Sample(T((2, 3, 5)), T((2, 4, 5))), Sample(T((3, 2)), T((4, 2)), p=1.0),
             Sample(T((3, 2)), T((2, 2)), p=float("inf")), Sample(T((3, 2)), T((2, 2)), p=3.0),
             Sample(T((3, 2)), T((2, 2)), p=0.5), Sample(T((3, 2)), T((2, 2)), p=0.0),
             Sample(T((3, 2)), T((30, 2))), Sample(T((3, 2)), T((4, 2)), compute_mode="use_mm_for_euclid_dist"),
             Sample(T((1, 3, 2)), T((2, 4, 2)))))


def _euclidean_grads(m, g, out, a, b):
    """PyTorch's _euclidean_dist_backward: ratio = grad / result (0 where the result is 0)."""
    ratio = m.masked_fill(g / out, m.data(out) == 0, 0.0)
    return (a * m.sum(ratio, -1, keepdim=True) - m.matmul(ratio, b),
            b * m.unsqueeze(m.sum(ratio, -2, keepdim=False), -1) - m.matmul(m.mT(ratio), a))


row("euclidean_dist", "EuclideanDistBackward0", None,
    {"x1": lambda m, g, out, a, b: _euclidean_grads(m, g, out, a, b)[0],
     "x2": lambda m, g, out, a, b: _euclidean_grads(m, g, out, a, b)[1]}, via="cdist")


def _euclidean_dist(x1, x2):
    """The value PyTorch's _euclidean_dist computes: [-2 x1, |x1|^2, 1] @ [x2, 1, |x2|^2]^T, clamped at 0, square-rooted."""
    from .arith import mul, sqrt, sum as sum_
    from .create import ones_like
    from .join import cat
    from .pointwise import clamp
    a, b = Tensor(x1.data), Tensor(x2.data)           # values only: the row records the node
    a_norm, b_norm = sum_(mul(a, a), -1, True), sum_(mul(b, b), -1, True)
    left = cat([mul(a, -2), a_norm, ones_like(a_norm)], -1)
    right = cat([b, ones_like(b_norm), b_norm], -1)
    value = sqrt(clamp(matmul(left, _mT(right)), 0)).data
    return record(OPS["euclidean_dist"], (x1, x2), {}, value)


def _mT(t):
    from .shape import transpose
    return transpose(t, -2, -1)


@implements("cdist")
def cdist(x1, x2, p=2.0, compute_mode="use_mm_for_euclid_dist_if_necessary"):
    from .reduce import tensor_arg
    from .shape import view
    a, b = tensor_arg("cdist", "x1", 1, x1), tensor_arg("cdist", "x2", 2, x2)
    if compute_mode not in _CDIST_MODES:
        raise GradcliError("ValueError", f"{compute_mode} is not a valid value for compute_mode")
    for name, t in (("X1", a), ("X2", b)):
        if t.data.ndim < 2:
            raise runtime_error(f"cdist only supports at least 2D tensors, {name} got: {t.data.ndim}D")
    if a.shape[-1] != b.shape[-1]:
        raise runtime_error(f"X1 and X2 must have the same number of columns. X1: {a.shape[-1]} X2: {b.shape[-1]}")
    for name, t in (("X1", a), ("X2", b)):
        if t.data.dtype.kind != "f":
            raise runtime_error(f"cdist only supports floating-point dtypes, {name} got: {t.dtype.torch_type[:-6]}")
    if p < 0:
        raise runtime_error("cdist only supports non-negative p values")
    if a.data.dtype != b.data.dtype:
        raise runtime_error(f"expected scalar type {a.dtype.torch_type[:-6]} but found {b.dtype.torch_type[:-6]}")
    batch = broadcast_shape(a.shape[:-2], b.shape[:-2])
    r1, r2 = a.shape[-2], b.shape[-2]
    mode = _CDIST_MODES[compute_mode]
    if p == 2 and a.data.size and b.data.size and (mode == 1 or (mode == 0 and (r1 > 25 or r2 > 25))):
        if batch or a.data.ndim > 2 or b.data.ndim > 2:
            raise GradcliError("NotImplementedError", "gradcli does not support cdist's matrix-product path "
                               "(p=2 with more than 25 rows) for batched inputs yet")
        r = _euclidean_dist(a, b)
        return view(r, tuple(r.shape))
    p = float(p)
    op = OPS["cdist"]
    xa = np.broadcast_to(a.data, batch + a.shape[-2:])
    xb = np.broadcast_to(b.data, batch + b.shape[-2:])
    return record(op, (a, b), {"p": p}, _cdist_array(xa, xb, p))
