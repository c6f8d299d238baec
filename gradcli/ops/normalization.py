"""Normalisation layers' functions: ``layer_norm`` (NativeLayerNormBackward0)
and ``batch_norm`` (NativeBatchNormBackward0), with PyTorch's signatures,
checks and messages.

Values and gradients follow PyTorch's CPU kernels step for step in float32
and float64 (``aten/src/ATen/native/cpu/layer_norm_kernel.cpp`` and
``batch_norm_kernel.cpp``): the row moments of ``engine/moments.py``, the
kernels' vector reductions (8 float32 or 4 float64 lanes, added lane-wise,
then the lanes in halves), and the multiply-adds their compiler fused
(found by comparing with PyTorch 2.13 on this machine; see each NOTE).
Under ``create_graph=True`` the gradients are the same formulas written
with recorded ops, so they can be differentiated again.
"""
from __future__ import annotations

import math

import numpy as np

from ..engine import dtypes as D
from ..engine.cascade import columns_in_order, halved_lanes, registers_in_order
from ..engine.cpu_loop import intra_op_threads
from ..engine.fma import fma32, fma64
from ..engine.moments import LANES, exact_kind, rowwise_moments
from ..errors import GradcliError, runtime_error, type_error
from .oprow import Sample, T, implements, row
from .operands import as_tensor, type_name
from .table import OPS


def _fma(dt):
    return fma32 if dt == np.float32 else fma64


def _shape_text(shape) -> str:
    return "[" + ", ".join(str(s) for s in shape) + "]"


def parallel_parts(rows: int) -> list:
    """The row ranges ``at::parallel_for(0, rows, 1)`` gives its threads."""
    threads = intra_op_threads()
    if rows <= 1 or threads <= 1:
        return [(0, rows)]
    used = min(threads, rows)
    chunk = -(-rows // used)
    return [(s, min(rows, s + chunk)) for s in range(0, rows, chunk)]


def _rows(a, dims):
    """``a`` (C-contiguous) as rows of its last ``dims`` dims."""
    return np.ascontiguousarray(a).reshape(math.prod(a.shape[:a.ndim - dims]), math.prod(a.shape[a.ndim - dims:]))


def _vector_sum(terms, tail_p=None, tail_q=None):
    """``vec::map_reduce_all`` of each row of ``terms`` (rows, n): whole
    vectors added lane-wise in order, the partial vector at the end (when
    ``tail_p``/``tail_q`` are given, its terms ``tail_p * tail_q`` fused
    into the add), then the lanes. Rows shorter than a vector
    are added one after another."""
    rows, n = terms.shape
    lanes = LANES[terms.dtype]
    if n < lanes:
        acc = terms[:, 0].copy()
        for k in range(1, n):
            acc = acc + terms[:, k]
        return acc
    whole = n // lanes
    acc = registers_in_order(np.ascontiguousarray(terms[:, :lanes]),
                             np.ascontiguousarray(terms[:, lanes:whole * lanes]).reshape(rows, whole - 1, lanes))
    k = n - whole * lanes
    if k:
        if tail_p is not None:
            acc[:, :k] = _fma(terms.dtype)(tail_p, tail_q, acc[:, :k])
        else:
            acc[:, :k] = acc[:, :k] + terms[:, whole * lanes:]
    # NOTE: float32 registers are added in halves (vec_reduce_all's shuffles);
    # float64 has no such specialisation: its lanes are added in order
    return halved_lanes(acc) if terms.dtype == np.float32 else columns_in_order(acc)


# ***** layer_norm *****

def layer_norm_rows(x2, gamma, beta, eps):
    """``(y, mean, rstd)`` of LayerNormKernelImpl for rows (M, N)."""
    dt = x2.dtype
    if exact_kind(x2) and x2.size:
        mean, var = rowwise_moments(x2)
    else:
        mean = np.mean(x2, axis=1) if x2.shape[1] else np.full(x2.shape[0], np.nan, dt)
        var = np.var(x2, axis=1) if x2.shape[1] else np.full(x2.shape[0], np.nan, dt)
    with np.errstate(all="ignore"):
        rstd = (dt.type(1) / np.sqrt(var + dt.type(eps))).astype(dt, copy=False)
        centered = x2 - mean[:, None]
        r = np.broadcast_to(rstd[:, None], x2.shape)
        # NOTE: PyTorch's (x - mean) * rstd * gamma + beta with its multiply-add
        # fused; without a weight its compiler drops the "* 1" and fuses the
        # multiply by rstd with the bias instead
        if not exact_kind(x2):
            y = centered * r * (gamma if gamma is not None else 1) + (beta if beta is not None else 0)
        elif gamma is not None:
            y = _fma(dt)(centered * r, np.broadcast_to(gamma, x2.shape),
                         np.broadcast_to(beta if beta is not None else dt.type(0), x2.shape))
        elif beta is not None:
            y = _fma(dt)(centered, r, np.broadcast_to(beta, x2.shape))
        else:
            y = centered * r
    return y.astype(dt, copy=False), mean, rstd


def _ln_forward(x, w, b, dims, eps, mean=None, rstd=None):
    """The row's forward (replayed by ``gradcli check``): the statistics again."""
    x2 = _rows(x, dims)
    flat = lambda v: None if v is None else np.ascontiguousarray(v).reshape(-1)   # noqa: E731
    y, mean, rstd = layer_norm_rows(x2, flat(w), flat(b), eps)
    return y.reshape(x.shape)


def _ln_input_grad_array(g, x, w, mean, rstd, dims):
    """dX of LayerNormBackwardKernelImpl: ``a * dy * gamma + b * x + c``.

    NOTE: ``ds`` (the sum of dy * x * gamma) and ``db`` (of dy * gamma) add
    whole vectors with a separate multiply but fuse the partial vector's;
    ``b = (db * mean - ds) * a**3 / N`` fuses its first multiply-add,
    ``c = -b * mean - db * a / N`` its first product, and each element is
    ``fma(b, x, a * dy * gamma) + c``: PyTorch 2.13's bits."""
    dt = x.dtype
    fma = _fma(dt)
    n = math.prod(x.shape[x.ndim - dims:])
    x2 = _rows(x, dims)
    dy = _rows(np.broadcast_to(g, x.shape), dims).astype(dt, copy=False)
    gamma = None if w is None else np.ascontiguousarray(w).reshape(-1)
    rows = x2.shape[0]
    with np.errstate(all="ignore"):
        if n == 0 or rows == 0:
            return np.zeros(x.shape, dt)
        scale = dt.type(1) / dt.type(n)
        lanes = LANES.get(dt, 8)
        tail = slice(n - n % lanes, n) if n >= lanes else slice(0, 0)
        if gamma is None:
            ds = _vector_sum(dy * x2, dy[:, tail], x2[:, tail])
            db = _vector_sum(dy)
            ag = rstd[:, None] * dy
        else:
            dyx = dy * x2
            ds = _vector_sum(dyx * gamma, dyx[:, tail], np.broadcast_to(gamma[tail], dyx[:, tail].shape))
            db = _vector_sum(dy * gamma, dy[:, tail], np.broadcast_to(gamma[tail], dy[:, tail].shape))
            ag = rstd[:, None] * dy * gamma
        a = rstd
        b = fma(db, mean, -ds) * a * a * a * scale
        c = fma(-b, mean, -(db * a * scale))
        dx = fma(np.broadcast_to(b[:, None], x2.shape), x2, ag) + c[:, None]
    return dx.reshape(x.shape)


def _ln_param_grads_array(g, x, mean, rstd, dims, which):
    """dgamma (``which == "weight"``) or dbeta of the kernel: each thread
    adds its rows' terms into a buffer (``dgamma += dy * (a * x + b)``,
    both multiply-adds fused), then the buffers are added in order."""
    dt = x.dtype
    fma = _fma(dt)
    n = math.prod(x.shape[x.ndim - dims:])
    x2 = _rows(x, dims)
    dy = _rows(np.broadcast_to(g, x.shape), dims).astype(dt, copy=False)
    total = np.zeros(n, dt)
    with np.errstate(all="ignore"):
        for start, stop in parallel_parts(x2.shape[0]):
            buf = np.zeros(n, dt)
            for i in range(start, stop):
                if which == "weight":
                    a = rstd[i]
                    inner = fma(np.full(n, a, dt), x2[i], np.full(n, -a * mean[i], dt))
                    buf = fma(dy[i], inner, buf)
                else:
                    buf = buf + dy[i]
            total = total + buf
    return total.reshape(x.shape[x.ndim - dims:])


def _ln_stats_tensor(m, x, dims, eps):
    """The normalised input and its rstd as recorded ops (for create_graph)."""
    axes = tuple(range(x.data.ndim - dims, x.data.ndim))
    centered = x - m.mean(x, axes)
    rstd = (m.mean(centered * centered, axes) + eps) ** -0.5
    return centered * rstd, rstd, axes


def _ln_input_grad(m, g, out, x, w, b, dims, eps, mean, rstd):
    if not m.is_tensor:
        return _ln_input_grad_array(g, x, w, mean, rstd, dims)
    xhat, r, axes = _ln_stats_tensor(m, x, dims, eps)
    gw = g if w is None else g * w
    return r * (gw - m.mean(gw, axes) - xhat * m.mean(gw * xhat, axes))


def _ln_weight_grad(m, g, out, x, w, b, dims, eps, mean, rstd):
    if not m.is_tensor:
        return _ln_param_grads_array(g, x, mean, rstd, dims, "weight")
    xhat, _, _ = _ln_stats_tensor(m, x, dims, eps)
    return g * xhat          # the engine sums it down to the weight's shape


def _ln_bias_grad(m, g, out, x, w, b, dims, eps, mean, rstd):
    if not m.is_tensor:
        return _ln_param_grads_array(g, x, mean, rstd, dims, "bias")
    return g


row("layer_norm", "NativeLayerNormBackward0", _ln_forward,
    {"input": _ln_input_grad, "weight": _ln_weight_grad, "bias": _ln_bias_grad},
    forms=("torch", "F", "bare"), args="input, normalized_shape, weight=None, bias=None, eps=1e-05",
    # NOTE: PyTorch saves the input, weight, bias and the rows' mean and rstd
    saves=(0, 1, 2),
    samples=(Sample(T((2, 3)), [3]), Sample(T((2, 3)), (3,), T((3,)), T((3,))),
             Sample(T((2, 2, 3)), [2, 3], T((2, 3)), eps=1e-3), Sample(T((3, 9)), [9], None, T((9,))),
             Sample(T((4,)), [4], T((4,)), T((4,)))))


def _int_list(v, fn: str, name: str, position: int):
    if isinstance(v, int) and not isinstance(v, bool):
        raise type_error(f"{fn}(): argument '{name}' (position {position}) must be tuple of ints, not int")
    if not isinstance(v, (list, tuple)) or any(not isinstance(s, int) or isinstance(s, bool) for s in v):
        raise type_error(f"{fn}(): argument '{name}' (position {position}) must be tuple of ints, not "
                         f"{type_name(v)}")
    return tuple(v)


def _float_kernel(x, kernel: str):
    dt = D.of_array(x.data)
    if dt.category < 2:
        raise GradcliError("NotImplementedError", f'"{kernel}" not implemented for \'{dt.torch_type[:-6]}\'')


def _mixed_dtype_check(x, params):
    """PyTorch's check of a norm's parameters' dtype against the input's."""
    for p in params:
        if p is not None and p.data.dtype != x.data.dtype:
            if x.data.dtype == np.float32:
                raise runtime_error("mixed dtype (CPU): expect parameter to have scalar type of Float")
            raise runtime_error("mixed dtype (CPU): all inputs must share same datatype.")


@implements("layer_norm")
def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-05, cudnn_enable=True):
    x = as_tensor(input)
    shape_ = _int_list(normalized_shape, "layer_norm", "normalized_shape", 2)
    w = None if weight is None else as_tensor(weight)
    b = None if bias is None else as_tensor(bias)
    if not shape_:
        raise runtime_error("Expected normalized_shape to be at least 1-dimensional, i.e., containing at least "
                            "one element, but got normalized_shape = []")
    for p, name in ((w, "weight"), (b, "bias")):
        if p is not None and tuple(p.shape) != shape_:
            raise runtime_error(f"Expected {name} to be of same shape as normalized_shape, but got {name} of shape "
                                f"{_shape_text(p.shape)} and normalized_shape = {_shape_text(shape_)}")
    k = len(shape_)
    if x.data.ndim < k or tuple(x.shape[x.data.ndim - k:]) != shape_:
        raise runtime_error(f"Given normalized_shape={_shape_text(shape_)}, expected input with shape "
                            f"[*, {', '.join(str(s) for s in shape_)}], but got input of size"
                            f"{_shape_text(x.shape)}")
    _float_kernel(x, "LayerNormKernelImpl")
    _mixed_dtype_check(x, (w, b))
    n = math.prod(shape_)
    x2 = np.ascontiguousarray(x.data).reshape(math.prod(x.shape[:x.data.ndim - k]), n)
    flat = lambda p: None if p is None else np.ascontiguousarray(p.data).reshape(-1)   # noqa: E731
    if x2.shape[0] and n:
        y, mean, rstd = layer_norm_rows(x2, flat(w), flat(b), eps)
    else:
        y = x2.copy()
        mean = rstd = np.zeros(x2.shape[0], x2.dtype)
    attrs = {"dims": k, "eps": eps, "mean": mean, "rstd": rstd}
    return OPS["layer_norm"].apply((x, w, b), attrs, y.reshape(x.shape))
