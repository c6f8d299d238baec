"""Pooling of ``torch.nn.functional``: ``max_pool1d/2d``, ``avg_pool1d/2d``,
``adaptive_avg_pool1d/2d`` and ``adaptive_max_pool1d/2d``, with PyTorch's
graphs: the 2-d ops are nodes of their own (MaxPool2DWithIndicesBackward0,
AvgPool2DBackward0, AdaptiveAvgPool2DBackward0, AdaptiveMaxPool2DBackward0)
and each 1-d op is its 2-d op between ``unsqueeze(-2)`` and ``squeeze(-2)``,
as ATen composes it.

Values follow PyTorch's CPU kernels (MaxPoolKernel.cpp, AvgPoolKernel.cpp,
AdaptiveAvgPoolKernel.cpp): a window is read row by row; a max keeps the
first largest value, or the last NaN; a sum adds the window's values in
that order in the input's dtype, then divides; the backward kernels add
each output's gradient into the input in output order.
"""
from __future__ import annotations

import math

import numpy as np

from ..engine import dtypes as D
from ..errors import GradcliError, index_error, runtime_error, type_error, value_error
from . import arith, shape
from .normalization import int_tuple
from .oprow import KEEP, Sample, T, backward_row, implements, row
from .operands import as_tensor, type_name
from .table import OPS

F_FORMS = ("F", "bare")


# ***** arguments *****

def _ints(v, fn, name, position, n, message):
    """An int-or-tuple argument as ``n`` ints (PyTorch's IntArrayRef of
    size 1 or ``n``; ``message`` when the size is neither)."""
    if isinstance(v, int) and not isinstance(v, bool):
        return (v,) * n
    v = int_tuple(v, fn, name, position)
    if len(v) == 1:
        return v * n
    if len(v) != n:
        raise runtime_error(message)
    return v


def _given(v):
    """An int-or-tuple argument as PyTorch's node saves it (None: empty)."""
    if v is None:
        return ()
    return tuple(v) if isinstance(v, (list, tuple)) else (v, v)


def _not_implemented(x, kernel):
    raise GradcliError("NotImplementedError", f'"{kernel}" not implemented for '
                       f"'{D.of_array(x.data).torch_type[:-6]}'")


def _float_only(x, kernel):
    if x.data.dtype.kind != "f":
        _not_implemented(x, kernel)


def _sizes(shape_):
    return "[" + ", ".join(str(s) for s in shape_) + "]"


def _half(n):
    """C's ``n / 2`` (toward zero)."""
    return -(-n // 2) if n < 0 else n // 2


def output_size(size, k, pad, stride, dilation, ceil_mode):
    """ATen's ``pooling_output_shape`` (with its checks)."""
    if stride == 0:
        raise runtime_error("stride should not be zero")
    if pad < 0:
        raise runtime_error(f"pad must be non-negative, but got pad: {pad}")
    if pad > _half((k - 1) * dilation + 1):
        raise runtime_error(f"pad should be at most half of effective kernel size, but got pad={pad}, "
                            f"kernel_size={k} and dilation={dilation}")
    out = (size + 2 * pad - dilation * (k - 1) - 1 + (stride - 1 if ceil_mode else 0)) // stride + 1
    if ceil_mode and (out - 1) * stride >= size + pad:
        out -= 1
    return out


def _shape_check(x, k, s, d, out_hw):
    """ATen's ``pool2d_shape_check``."""
    if k[0] <= 0 or k[1] <= 0:
        raise runtime_error(f"kernel size should be greater than zero, but got kH: {k[0]} kW: {k[1]}")
    if s[0] <= 0 or s[1] <= 0:
        raise runtime_error(f"stride should be greater than zero, but got dH: {s[0]} dW: {s[1]}")
    if d[0] <= 0 or d[1] <= 0:
        raise runtime_error(f"dilation should be greater than zero, but got dilationH: {d[0]} dilationW: {d[1]}")
    sh = x.shape
    if 0 in sh[-3:]:
        raise runtime_error("Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, "
                            f"but got:{_sizes(sh)}")
    if out_hw[0] < 1 or out_hw[1] < 1:
        raise runtime_error(f"Given input size: ({sh[-3]}x{sh[-2]}x{sh[-1]}). Calculated output size: "
                            f"({sh[-3]}x{out_hw[0]}x{out_hw[1]}). Output size is too small")


# ***** windows: per output, the flat input positions it reads *****

def _axis(size, out, k, stride, pad, dilation):
    """Positions along one dim, (out, k), and which are inside the input."""
    pos = (np.arange(out) * stride - pad)[:, None] + (np.arange(k) * dilation)[None, :]
    return pos, (pos >= 0) & (pos < size)


def _clamped(pos, valid, size):
    """Positions outside the input replaced by the nearest inside one (a
    max reads each inside position once, in order, so a copy of the
    window's first or last inside value changes neither which value wins
    nor, since it comes before or after its original, which position)."""
    lo = np.where(valid, pos, size).min(axis=1, keepdims=True)
    hi = np.where(valid, pos, -1).max(axis=1, keepdims=True)
    return np.clip(pos, np.minimum(lo, size - 1), np.maximum(hi, 0))


def _flat(hpos, wpos, width):
    """(OH * OW, KH * KW) flat positions from per-dim positions."""
    oh, kh = hpos.shape
    ow, kw = wpos.shape
    return (hpos[:, None, :, None] * width + wpos[None, :, None, :]).reshape(oh * ow, kh * kw)


def _planes(a):
    return a.reshape((-1, a.shape[-2] * a.shape[-1]))


def _max_select(a, idx, out_hw):
    """Each window's max and its position: the first largest, or the last NaN."""
    vals = _planes(a)[:, idx]                                  # (P, O, K)
    pick = np.argmax(vals, axis=2) if vals.shape[2] else np.zeros(vals.shape[:2], dtype=np.int64)
    if vals.dtype.kind == "f" and vals.size:
        nan = np.isnan(vals)
        if nan.any():
            last = vals.shape[2] - 1 - np.argmax(nan[..., ::-1], axis=2)
            pick = np.where(nan.any(axis=2), last, pick)
    out = np.take_along_axis(vals, pick[..., None], axis=2)[..., 0]
    indices = idx[np.arange(idx.shape[0])[None, :], pick]
    lead = a.shape[:-2] + tuple(out_hw)
    return out.reshape(lead), indices.reshape(lead).astype(np.int64)


def _scatter_max(g, a_shape, indices):
    """The max backward kernel: each output's gradient added at its position, in output order."""
    gi = np.zeros((math.prod(a_shape[:-2]), a_shape[-2] * a_shape[-1]), dtype=g.dtype)
    rows = np.arange(gi.shape[0])[:, None]
    per_plane = (gi.shape[0], indices.shape[-2] * indices.shape[-1])
    np.add.at(gi, (rows, indices.reshape(per_plane)), g.reshape(per_plane))
    return gi.reshape(a_shape)


def _gather_max(g, indices):
    """PyTorch's ``max_pool_double_backward``: the gradient at each output's position."""
    planes = _planes(g)
    flat = indices.reshape(planes.shape[0], indices.shape[-2] * indices.shape[-1])
    return np.take_along_axis(planes, flat, axis=1).reshape(indices.shape)


def _window_sum(a, idx):
    """Each window's sum, read in order (``idx``: flat positions, ``H * W``
    for a position outside the input: adds nothing), in the input's dtype
    (float32 for float16, as PyTorch's kernels accumulate)."""
    planes = _planes(a)
    if a.dtype == np.float16:
        planes = planes.astype(np.float32)
    padded = np.concatenate([planes, np.zeros((planes.shape[0], 1), dtype=planes.dtype)], axis=1)
    total = np.zeros((planes.shape[0], idx.shape[0]), dtype=planes.dtype)
    for k in range(idx.shape[1]):
        total += padded[:, idx[:, k]]
    return total


def _scatter_sum(g_per_window, a_shape, idx):
    """A backward kernel of a sum: each output's share added at each of its positions, in order."""
    planes = math.prod(a_shape[:-2])
    size = a_shape[-2] * a_shape[-1]
    gi = np.zeros((planes, size + 1), dtype=g_per_window.dtype)
    share = np.broadcast_to(g_per_window.reshape(planes, idx.shape[0], 1), (planes,) + idx.shape)
    np.add.at(gi, (np.arange(planes)[:, None, None], idx[None]), share)
    return gi[:, :size].reshape(a_shape)


def _divide(total, divisor):
    if total.dtype.kind == "f":
        return total / divisor.astype(total.dtype)
    # NOTE: integer average pooling divides as C does, truncating toward zero
    q = np.abs(total) // np.abs(divisor)
    return (q * np.sign(total) * np.sign(divisor)).astype(total.dtype)


# ***** max_pool2d *****

def _max_windows(hw, out_hw, k, s, p, d):
    (h, w), (oh, ow) = hw, out_hw
    hpos, hvalid = _axis(h, oh, k[0], s[0], p[0], d[0])
    wpos, wvalid = _axis(w, ow, k[1], s[1], p[1], d[1])
    return _flat(_clamped(hpos, hvalid, h), _clamped(wpos, wvalid, w), w)


def _max_pool_forward(a, kernel_size, stride, padding, dilation, out_hw):
    idx = _max_windows(a.shape[-2:], out_hw, kernel_size, stride, padding, dilation)
    return _max_select(a, idx, out_hw)


def _zero_self(m, gg, out, g, a, **attrs):
    """A pooling backward's ``self: zeros_like(self)`` (derivatives.yaml)."""
    return m.const(np.zeros(a.shape, dtype=m.data(gg).dtype))


def _max_double_backward(m, gg, out, g, a, indices):
    return _gather_tensor(gg, indices) if m.is_tensor else _gather_max(gg, indices)


_MAX_BACKWARD_RULES = {"grad_output": _max_double_backward, "self": _zero_self}
backward_row("max_pool2d_with_indices_backward", "MaxPool2DWithIndicesBackwardBackward0",
             lambda g, a, indices: _scatter_max(g, a.shape, indices), _MAX_BACKWARD_RULES)


def _gather_tensor(gg, indices):
    """``max_pool_double_backward`` recorded: a view of the gradient, a
    gather, and a view back (as PyTorch composes it)."""
    lead = indices.shape[:-2]
    flat = shape.reshape(gg, lead + (gg.shape[-2] * gg.shape[-1],))
    from .selection import gather
    picked = gather(flat, -1, _index_tensor(indices.reshape(lead + (indices.shape[-2] * indices.shape[-1],))))
    return shape.reshape(picked, indices.shape)


row("max_pool2d_with_indices", "MaxPool2DWithIndicesBackward0",
    lambda a, kernel_size, stride, padding, dilation, out_hw, **saved: _max_pool_forward(
        a, kernel_size, stride, padding, dilation, out_hw)[0],
    {"input": lambda m, g, out, a, indices, **attrs: m.max_pool2d_with_indices_backward(g, a, indices=indices)},
    dtype=KEEP, via="max_pool2d")


def max_pool2d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
                            fn="max_pool2d"):
    """ATen's ``max_pool2d_with_indices``: (output, indices)."""
    x = as_tensor(input)
    k = _ints(kernel_size, fn, "kernel_size", 2, 2,
              "max_pool2d: kernel_size must either be a single int, or a tuple of two ints")
    s = k if stride is None or (isinstance(stride, (list, tuple)) and not stride) else _ints(
        stride, fn, "stride", 3, 2, "max_pool2d: stride must either be omitted, a single int, or a tuple of two ints")
    p = _ints(padding, fn, "padding", 4, 2, "max_pool2d: padding must either be a single int, or a tuple of two ints")
    d = _ints(dilation, fn, "dilation", 5, 2,
              "max_pool2d: dilation must be either a single int, or a tuple of two ints")
    if x.ndim not in (3, 4):
        raise runtime_error("non-empty 3D or 4D (batch mode) tensor expected for input")
    out_hw = tuple(output_size(x.shape[i - 2], k[i], p[i], s[i], d[i], ceil_mode) for i in (0, 1))
    if _half(k[1]) < p[1] or _half(k[0]) < p[0]:
        # NOTE: beyond pooling_output_shape's check of the effective (dilated) kernel
        raise runtime_error(f"pad should be smaller than or equal to half of kernel size, but got padW = {p[1]}, "
                            f"padH = {p[0]}, kW = {k[1]}, kH = {k[0]}")
    _shape_check(x, k, s, d, out_hw)
    if x.data.dtype == np.bool_:
        _not_implemented(x, "max_pool2d")
    out, indices = _max_pool_forward(x.data, k, s, p, d, out_hw)
    attrs = {"kernel_size": k, "stride": s, "padding": p, "dilation": d, "out_hw": out_hw, "indices": indices,
             "saved": {"kernel_size": _given(kernel_size), "stride": _given(stride), "padding": _given(padding),
                       "dilation": _given(dilation), "ceil_mode": ceil_mode}}
    result = OPS["max_pool2d_with_indices"].apply((x,), attrs, out)
    return result, _index_tensor(indices)


def _index_tensor(indices):
    from ..engine.tensor import Tensor
    return Tensor(indices, False, None)


@implements("max_pool2d")
def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    out, indices = max_pool2d_with_indices(input, kernel_size, stride, padding, dilation, ceil_mode)
    return (out, indices) if return_indices else out


row("max_pool2d", "MaxPool2DWithIndicesBackward0", None, forms=F_FORMS,
    args="input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False",
    samples=(Sample(T((1, 2, 4, 4)), 2), Sample(T((2, 5, 6)), (2, 3), 1, 1),
             Sample(T((1, 1, 5, 5)), 3, 2, 1, ceil_mode=True), Sample(T((1, 1, 7, 6)), 2, 1, 1, 2),
             Sample(T(values=[[[1.0, 3.0, 3.0, 2.0], [3.0, 0.5, 1.0, 3.0]]]), (1, 2), 1)))


# ***** max_pool1d *****

def _check_1d_int(v, fn, name):
    if isinstance(v, int) and not isinstance(v, bool):
        return v
    v = int_tuple(v, fn, name, {"kernel_size": 2, "stride": 3, "padding": 4, "dilation": 5}[name])
    if len(v) != 1:
        raise runtime_error(f"{fn}() {name} must be an int, list of ints or tuple of ints of size 1 but got "
                            f"size {len(v)}")
    return v[0]


@implements("max_pool1d")
def max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """ATen's ``max_pool1d``: its checks, then ``max_pool2d_with_indices`` of ``input.unsqueeze(-2)``."""
    x = as_tensor(input)
    fn = "max_pool1d"
    if x.ndim not in (2, 3) or 0 in x.shape[-1:] or (x.ndim == 3 and x.shape[1] == 0):
        raise runtime_error(f"max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for "
                            f"input, but got:{_sizes(x.shape)}")
    k = _check_1d_int(kernel_size, fn, "kernel_size")
    empty = stride is None or (isinstance(stride, (list, tuple)) and not stride)
    s = k if empty else _check_1d_int(stride, fn, "stride")
    p = _check_1d_int(padding, fn, "padding")
    d = _check_1d_int(dilation, fn, "dilation")
    if k <= 0:
        raise runtime_error(f"max_pool1d() kernel_size must be greater than zero, but got {k}")
    if s <= 0:
        raise runtime_error(f"max_pool1d() stride must be greater than zero, but got {s}")
    if p < 0:
        raise runtime_error(f"max_pool1d() padding must be non-negative, but got {p}")
    if p > k // 2:
        raise runtime_error(f"max_pool1d() padding should be at most half of kernel size, but got padding={p} "
                            f"and kernel_size={k}")
    if d <= 0:
        raise runtime_error(f"max_pool1d() dilation must be greater than zero, but got {d}")
    out_w = output_size(x.shape[-1], k, p, s, d, ceil_mode)
    if out_w < 1:
        raise runtime_error(f"max_pool1d() Invalid computed output size: {out_w}")
    if x.data.dtype.kind != "f" and not return_indices:
        _not_implemented(x, "max_pool1d_impl")
    out, indices = max_pool2d_with_indices(shape.unsqueeze(x, -2), (1, k), (1, s), (0, p), (1, d), ceil_mode)
    out = shape.squeeze(out, -2)
    if return_indices:
        return out, _index_tensor(indices.data.squeeze(-2))
    return out


row("max_pool1d", "SqueezeBackward1", None, forms=F_FORMS,
    doc="over MaxPool2DWithIndicesBackward0, as ATen composes it",
    args="input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False",
    samples=(Sample(T((2, 3, 7)), 2), Sample(T((3, 8)), 3, 2, 1), Sample(T((1, 2, 9)), 2, 2, 1, 3, ceil_mode=True)))


# ***** avg_pool2d *****

def _avg_axis(size, out, k, stride, pad):
    """Positions one dim's windows add (``size`` outside the input), the
    window sizes with padding (``pool_size``) and without."""
    start = np.arange(out) * stride - pad
    end = np.minimum(start + k, size + pad)
    pool = end - start
    pos = start[:, None] + np.arange(k)[None, :]
    valid = (pos >= 0) & (pos < np.minimum(end, size)[:, None])
    return pos, valid, pool, valid.sum(axis=1)


def _avg_plan(hw, out_hw, k, s, p, count_include_pad, divisor_override):
    (h, w), (oh, ow) = hw, out_hw
    hpos, hvalid, hpool, hcount = _avg_axis(h, oh, k[0], s[0], p[0])
    wpos, wvalid, wpool, wcount = _avg_axis(w, ow, k[1], s[1], p[1])
    idx = _flat(hpos, wpos, w)
    valid = (hvalid[:, None, :, None] & wvalid[None, :, None, :]).reshape(idx.shape)
    idx = np.where(valid, idx, h * w)
    if divisor_override is not None:
        divisor = np.full(oh * ow, divisor_override, dtype=np.int64)
    elif count_include_pad:
        divisor = (hpool[:, None] * wpool[None, :]).reshape(-1)
    else:
        divisor = (hcount[:, None] * wcount[None, :]).reshape(-1)
    empty = ~valid.any(axis=1)
    return idx, divisor, empty


def _avg_forward(a, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override, out_hw,
                 saved=None):
    idx, divisor, empty = _avg_plan(a.shape[-2:], out_hw, kernel_size, stride, padding, count_include_pad,
                                    divisor_override)
    total = _window_sum(a, idx)
    # NOTE: a window wholly in the padding is 0 (PyTorch skips it)
    safe = np.where(empty, 1, divisor)
    out = np.where(empty, np.zeros((), total.dtype), _divide(total, safe))
    return out.astype(a.dtype, copy=False).reshape(a.shape[:-2] + tuple(out_hw))


def _avg_backward(g, a, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override, out_hw,
                  saved=None):
    idx, divisor, empty = _avg_plan(a.shape[-2:], out_hw, kernel_size, stride, padding, count_include_pad,
                                    divisor_override)
    share = _planes(g) / divisor.astype(g.dtype)
    return _scatter_sum(share, a.shape, idx)


backward_row("avg_pool2d_backward", "AvgPool2DBackwardBackward0", _avg_backward,
             {"grad_output": lambda m, gg, out, g, a, **attrs: _avg_apply(m, gg, attrs),
              "self": _zero_self})


def _avg_apply(m, t, attrs):
    if not m.is_tensor:
        return _avg_forward(t, **attrs)
    return OPS["avg_pool2d_node"].apply((t,), attrs, _avg_forward(t.data, **attrs))


row("avg_pool2d_node", "AvgPool2DBackward0", _avg_forward,
    {"input": lambda m, g, out, a, **attrs: m.avg_pool2d_backward(g, a, **attrs)}, dtype=KEEP, via="avg_pool2d")


@implements("avg_pool2d")
def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    x = as_tensor(input)
    fn = "avg_pool2d"
    k = _ints(kernel_size, fn, "kernel_size", 2, 2,
              "avg_pool2d: kernel_size must either be a single int, or a tuple of two ints")
    s = k if stride is None or (isinstance(stride, (list, tuple)) and not stride) else _ints(
        stride, fn, "stride", 3, 2, "avg_pool2d: stride must either be omitted, a single int, or a tuple of two ints")
    p = _ints(padding, fn, "padding", 4, 2, "avg_pool2d: padding must either be a single int, or a tuple of two ints")
    if divisor_override is not None and divisor_override == 0:
        raise runtime_error("divisor must be not zero")
    if x.ndim < 3:
        raise index_error(f"Dimension out of range (expected to be in range of [{-max(x.ndim, 1)}, "
                          f"{max(x.ndim, 1) - 1}], but got -3)")
    out_hw = tuple(output_size(x.shape[i - 2], k[i], p[i], s[i], 1, ceil_mode) for i in (0, 1))
    if x.ndim > 4:
        raise runtime_error("Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, "
                            f"but got:{_sizes(x.shape)}")
    _shape_check(x, k, s, (1, 1), out_hw)
    if x.data.dtype.kind != "f" and x.data.dtype != np.int64:
        _not_implemented(x, "avg_pool2d")
    attrs = {"kernel_size": k, "stride": s, "padding": p, "ceil_mode": ceil_mode,
             "count_include_pad": bool(count_include_pad), "divisor_override": divisor_override, "out_hw": out_hw,
             "saved": {"kernel_size": _given(kernel_size), "stride": _given(stride), "padding": _given(padding),
                       "ceil_mode": ceil_mode, "count_include_pad": count_include_pad,
                       "divisor_override": divisor_override}}
    return OPS["avg_pool2d_node"].apply((x,), attrs, _avg_forward(x.data, **attrs))


row("avg_pool2d", "AvgPool2DBackward0", None, forms=F_FORMS,
    args="input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, "
         "divisor_override=None",
    samples=(Sample(T((1, 2, 4, 4)), 2), Sample(T((2, 5, 6)), (2, 3), 1, 1),
             Sample(T((1, 1, 5, 5)), 3, 2, 1, ceil_mode=True, count_include_pad=False),
             Sample(T((1, 1, 4, 5)), 2, 1, divisor_override=3)))


def _check_dims_2_to_3(x, fn):
    if x.ndim not in (2, 3):
        raise runtime_error(f"Expected 2 to 3 dimensions, but got {x.ndim}-dimensional tensor for argument #1 "
                            f"'self' (while checking arguments for {fn})")


def _one_int(v, fn, name, position):
    if isinstance(v, int) and not isinstance(v, bool):
        return v
    v = int_tuple(v, fn, name, position)
    if len(v) != 1:
        raise runtime_error(f"{fn}() argument '{name}' should contain one int (got {len(v)})")
    return v[0]


@implements("avg_pool1d")
def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    """ATen's ``avg_pool1d``: ``avg_pool2d`` of ``input.unsqueeze(-2)``, squeezed."""
    x = as_tensor(input)
    fn = "avg_pool1d"
    _check_dims_2_to_3(x, fn)
    k = _one_int(kernel_size, fn, "kernel_size", 2)
    empty = stride is None or (isinstance(stride, (list, tuple)) and not stride)
    s = k if empty else _one_int(stride, fn, "stride", 3)
    p = _one_int(padding, fn, "padding", 4)
    out = avg_pool2d(shape.unsqueeze(x, -2), (1, k), (1, s), (0, p), ceil_mode, count_include_pad)
    return shape.squeeze(out, -2)


row("avg_pool1d", "SqueezeBackward1", None, forms=F_FORMS,
    doc="over AvgPool2DBackward0, as ATen composes it",
    args="input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True",
    samples=(Sample(T((2, 3, 7)), 2), Sample(T((3, 8)), 3, 2, 1, count_include_pad=False)))


# ***** adaptive pooling *****

def _adaptive_axis(size, out):
    """ATen's ``start_index``/``end_index`` windows of one dim (``size``: outside)."""
    o = np.arange(out)
    start = (o * size) // out
    end = ((o + 1) * size + out - 1) // out
    width = int((end - start).max()) if out else 0
    pos = start[:, None] + np.arange(width)[None, :]
    valid = pos < end[:, None]
    return pos, valid, end - start


def _adaptive_plan(hw, out_hw):
    (h, w), (oh, ow) = hw, out_hw
    hpos, hvalid, kh = _adaptive_axis(h, oh)
    wpos, wvalid, kw = _adaptive_axis(w, ow)
    return hpos, hvalid, kh, wpos, wvalid, kw


def _adaptive_avg_forward(a, out_hw):
    if 0 in out_hw:
        return np.zeros(a.shape[:-2] + tuple(out_hw), a.dtype)
    hpos, hvalid, kh, wpos, wvalid, kw = _adaptive_plan(a.shape[-2:], out_hw)
    idx = _flat(hpos, wpos, a.shape[-1])
    valid = (hvalid[:, None, :, None] & wvalid[None, :, None, :]).reshape(idx.shape)
    total = _window_sum(a, np.where(valid, idx, a.shape[-2] * a.shape[-1]))
    out = total / np.repeat(kh, len(kw)).astype(total.dtype) / np.tile(kw, len(kh)).astype(total.dtype)
    return out.astype(a.dtype, copy=False).reshape(a.shape[:-2] + tuple(out_hw))


def _check_grad_output(g, fn):
    """ATen's check of an adaptive pooling's incoming gradient."""
    for i in range(1, g.ndim):
        if g.shape[i] == 0:
            raise runtime_error(f"{fn}(): Expected grad_output to have non-zero size for non-batch dimensions, but "
                                f"grad_output has sizes {_sizes(g.shape)} with dimension {i} being empty")


def _adaptive_avg_backward(g, a, out_hw):
    _check_grad_output(g, "adaptive_avg_pool2d_backward")
    hpos, hvalid, kh, wpos, wvalid, kw = _adaptive_plan(a.shape[-2:], out_hw)
    idx = _flat(hpos, wpos, a.shape[-1])
    valid = (hvalid[:, None, :, None] & wvalid[None, :, None, :]).reshape(idx.shape)
    share = _planes(g) / np.repeat(kh, len(kw)).astype(g.dtype) / np.tile(kw, len(kh)).astype(g.dtype)
    return _scatter_sum(share, a.shape, np.where(valid, idx, a.shape[-2] * a.shape[-1]))


def _adaptive_avg_rows(dims, forward, backward):
    """The node of ``adaptive_avg_pool{dims}d`` and, for create_graph=True,
    its backward's, whose gradient is the pooling again."""
    node, back = f"adaptive_avg_pool{dims}d_node", f"adaptive_avg_pool{dims}d_backward"

    def again(m, gg, out, g, a, out_size):
        if not m.is_tensor:
            return forward(gg, out_size)
        return OPS[node].apply((gg,), {"out_size": out_size}, forward(gg.data, out_size))

    def rule(m, g, out, a, out_size):
        return getattr(m, back)(g, a, out_size=out_size)

    backward_row(back, f"AdaptiveAvgPool{dims}DBackwardBackward0", backward, {"grad_output": again, "self": _zero_self})
    row(node, f"AdaptiveAvgPool{dims}DBackward0", forward, {"input": rule}, dtype=KEEP, via=f"adaptive_avg_pool{dims}d")


_adaptive_avg_rows(2, lambda a, out_size: _adaptive_avg_forward(a, out_size),
                   lambda g, a, out_size: _adaptive_avg_backward(g, a, out_size))


def _adaptive_check(x, fn):
    if x.ndim not in (3, 4):
        sep = ": " if fn == "adaptive_max_pool2d" else ""
        raise runtime_error(f"{fn}(): Expected 3D or 4D tensor, but got{sep or ' '}{_sizes(x.shape)}")
    for i in range(1, x.ndim):
        if x.shape[i] == 0:
            raise runtime_error(f"{fn}(): Expected input to have non-zero size for non-batch dimensions, but input "
                                f"has sizes {_sizes(x.shape)} with dimension {i} being empty")


def _output_hw(output_size, x, fn, n=2):
    """F's ``_list_with_default``: an int, or a tuple with None for the input's size."""
    if isinstance(output_size, int) and not isinstance(output_size, bool):
        return (output_size,) * n
    if output_size is None:
        raise type_error("object of type 'NoneType' has no len()")
    if not isinstance(output_size, (list, tuple)):
        raise type_error(f"object of type '{type_name(output_size)}' has no len()")
    if len(output_size) >= x.ndim:
        raise value_error(f"Input dimension should be at least {len(output_size) + 1}")
    sizes = x.shape[-len(output_size):] if output_size else ()
    out = tuple(d if v is None else v for v, d in zip(output_size, sizes))
    if len(out) != n:
        raise runtime_error(f"{fn}: output_size must be {n}")
    for v in out:
        if not isinstance(v, int) or isinstance(v, bool):
            raise type_error(f"{fn}(): argument 'output_size' (position 2) must be tuple of ints, but found "
                             f"element of type {type_name(v)} at pos 0")
    return out


def _adaptive_avg_2d(x, out_hw):
    fn = "adaptive_avg_pool2d"
    if out_hw[0] < 0 or out_hw[1] < 0:
        raise runtime_error(f"adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but "
                            f"received {{{out_hw[0]}, {out_hw[1]}}}")
    if out_hw == (1, 1):
        # NOTE: PyTorch's adaptive_avg_pool2d to 1 x 1 is a mean over the last two dims (MeanBackward1)
        return arith.mean(x, (-1, -2), True)
    _adaptive_check(x, fn)
    _float_only(x, fn)
    return OPS["adaptive_avg_pool2d_node"].apply((x,), {"out_size": out_hw}, _adaptive_avg_forward(x.data, out_hw))


@implements("adaptive_avg_pool2d")
def adaptive_avg_pool2d(input, output_size):
    x = as_tensor(input)
    return _adaptive_avg_2d(x, _output_hw(output_size, x, "adaptive_avg_pool2d"))


row("adaptive_avg_pool2d", "AdaptiveAvgPool2DBackward0", None, forms=F_FORMS, args="input, output_size",
    doc="MeanBackward1 for output_size 1",
    samples=(Sample(T((1, 2, 5, 7)), 3), Sample(T((2, 5, 6)), (2, None)), Sample(T((1, 1, 4, 4)), 1),
             Sample(T((1, 1, 3, 3)), (5, 4))))


@implements("adaptive_avg_pool1d")
def adaptive_avg_pool1d(input, output_size):
    x = as_tensor(input)
    fn = "adaptive_avg_pool1d"
    _check_dims_2_to_3(x, fn)
    n = _one_int(output_size, fn, "output_size", 2)
    return shape.squeeze(_adaptive_avg_2d(shape.unsqueeze(x, -2), (1, n)), -2)


row("adaptive_avg_pool1d", "SqueezeBackward1", None, forms=F_FORMS,
    doc="over AdaptiveAvgPool2DBackward0, as ATen composes it", args="input, output_size",
    samples=(Sample(T((2, 3, 7)), 3), Sample(T((3, 8)), 5), Sample(T((1, 2, 4)), 1)))


# ***** adaptive_avg_pool3d *****

def _adaptive_plan_nd(in_sizes, out_sizes):
    """(O, K) flat input positions of each output's window, in the order
    the kernel reads them (outside the input where a window is narrower),
    and each output's window widths per dim, as (O,) arrays."""
    axes = [_adaptive_axis(n, o) for n, o in zip(in_sizes, out_sizes)]
    n = len(axes)
    flat, valid = 0, True
    for d, (pos, ok, _) in enumerate(axes):
        shape_ = [1] * (2 * n)
        shape_[d], shape_[n + d] = pos.shape
        flat = flat * in_sizes[d] + pos.reshape(shape_)
        valid = valid & ok.reshape(shape_)
    outs = math.prod(out_sizes)
    idx = np.where(valid, flat, math.prod(in_sizes)).reshape(outs, -1)
    widths = [w.reshape(-1) for w in np.meshgrid(*[k for _, _, k in axes], indexing="ij")]
    return idx, widths


def _adaptive_avg3_forward(a, out_dhw):
    lead = a.shape[:-3]
    if 0 in out_dhw:
        return np.zeros(lead + tuple(out_dhw), a.dtype)
    idx, widths = _adaptive_plan_nd(a.shape[-3:], out_dhw)
    total = _window_sum(a.reshape(-1, 1, math.prod(a.shape[-3:])), idx)
    for k in widths:
        total = total / k.astype(total.dtype)
    return total.astype(a.dtype, copy=False).reshape(lead + tuple(out_dhw))


def _adaptive_avg3_backward(g, a, out_dhw):
    _check_grad_output(g, "adaptive_avg_pool3d_backward")
    idx, widths = _adaptive_plan_nd(a.shape[-3:], out_dhw)
    share = g.reshape(-1, idx.shape[0])
    for k in widths:
        share = share / k.astype(g.dtype)
    planes = (math.prod(a.shape[:-3]), 1, math.prod(a.shape[-3:]))
    return _scatter_sum(share, planes, idx).reshape(a.shape)


_adaptive_avg_rows(3, lambda a, out_size: _adaptive_avg3_forward(a, out_size),
                   lambda g, a, out_size: _adaptive_avg3_backward(g, a, out_size))


@implements("adaptive_avg_pool3d")
def adaptive_avg_pool3d(input, output_size):
    x = as_tensor(input)
    fn = "adaptive_avg_pool3d"
    out = _output_hw(output_size, x, fn, 3)
    if min(out) < 0:
        raise runtime_error(f"{fn}: elements of output_size must be greater than or equal to 0 but received "
                            f"{{{out[0]}, {out[1]},{out[2]}}}")
    if out == (1, 1, 1):
        # NOTE: as for 2-d, PyTorch's adaptive_avg_pool3d to 1 x 1 x 1 is a mean (MeanBackward1)
        return arith.mean(x, (-1, -2, -3), True)
    for i in range(1, x.ndim):
        if x.shape[i] == 0:
            raise runtime_error(f"{fn}(): Expected input to have non-zero size for non-batch dimensions, but input "
                                f"has sizes {_sizes(x.shape)} with dimension {i} being empty")
    if x.ndim not in (4, 5):
        raise runtime_error(f"{fn}(): Expected 4D or 5D tensor, but got {_sizes(x.shape)}")
    _float_only(x, "adaptive_avg_pool3d_cpu")
    return OPS["adaptive_avg_pool3d_node"].apply((x,), {"out_size": out}, _adaptive_avg3_forward(x.data, out))


row("adaptive_avg_pool3d", "AdaptiveAvgPool3DBackward0", None, forms=F_FORMS, args="input, output_size",
    doc="MeanBackward1 for output_size 1",
    samples=(Sample(T((1, 2, 3, 5, 4)), 2), Sample(T((2, 4, 5, 3)), (3, None, 2)), Sample(T((1, 1, 2, 3, 3)), 1)))


def _adaptive_max_forward(a, out_hw):
    if 0 in out_hw:
        return np.zeros(a.shape[:-2] + tuple(out_hw), a.dtype), np.zeros(a.shape[:-2] + tuple(out_hw), np.int64)
    hpos, hvalid, kh, wpos, wvalid, kw = _adaptive_plan(a.shape[-2:], out_hw)
    h, w = a.shape[-2:]
    idx = _flat(_clamped(hpos, hvalid & (hpos < h), h), _clamped(wpos, wvalid & (wpos < w), w), w)
    return _max_select(a, idx, out_hw)


def _adaptive_max_backward(g, a, indices):
    _check_grad_output(g, "adaptive_max_pool2d_backward")
    return _scatter_max(g, a.shape, indices)


backward_row("adaptive_max_pool2d_backward", "AdaptiveMaxPool2DBackwardBackward0", _adaptive_max_backward,
             _MAX_BACKWARD_RULES)
row("adaptive_max_pool2d_node", "AdaptiveMaxPool2DBackward0",
    lambda a, out_hw: _adaptive_max_forward(a, out_hw)[0],
    {"input": lambda m, g, out, a, out_hw, indices: m.adaptive_max_pool2d_backward(g, a, indices=indices)},
    dtype=KEEP, via="adaptive_max_pool2d")


def _adaptive_max_2d(x, out_hw):
    fn = "adaptive_max_pool2d"
    _adaptive_check(x, fn)
    if min(out_hw) < 0:
        raise runtime_error(f"Trying to create tensor with negative dimension {min(out_hw)}: "
                            f"{_sizes(x.shape[:-2] + tuple(out_hw))}")
    _float_only(x, fn)
    out, indices = _adaptive_max_forward(x.data, out_hw)
    result = OPS["adaptive_max_pool2d_node"].apply((x,), {"out_hw": out_hw, "indices": indices}, out)
    return result, indices


@implements("adaptive_max_pool2d")
def adaptive_max_pool2d(input, output_size, return_indices=False):
    x = as_tensor(input)
    out, indices = _adaptive_max_2d(x, _output_hw(output_size, x, "adaptive_max_pool2d"))
    return (out, _index_tensor(indices)) if return_indices else out


row("adaptive_max_pool2d", "AdaptiveMaxPool2DBackward0", None, forms=F_FORMS,
    args="input, output_size, return_indices=False",
    samples=(Sample(T((1, 2, 5, 7)), 3), Sample(T((2, 5, 6)), (2, None)), Sample(T((1, 1, 3, 3)), (4, 5))))


@implements("adaptive_max_pool1d")
def adaptive_max_pool1d(input, output_size, return_indices=False):
    x = as_tensor(input)
    fn = "adaptive_max_pool1d"
    _check_dims_2_to_3(x, fn)
    n = _one_int(output_size, fn, "output_size", 2)
    out, indices = _adaptive_max_2d(shape.unsqueeze(x, -2), (1, n))
    out = shape.squeeze(out, -2)
    return (out, _index_tensor(indices.squeeze(-2))) if return_indices else out


row("adaptive_max_pool1d", "SqueezeBackward1", None, forms=F_FORMS,
    doc="over AdaptiveMaxPool2DBackward0, as ATen composes it", args="input, output_size, return_indices=False",
    samples=(Sample(T((2, 3, 7)), 3), Sample(T((3, 8)), 5)))


# ***** torch.<name>: the ATen signatures *****

def _torch_max_pool1d(input, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False):
    return max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode)


def _torch_max_pool2d(input, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False):
    return max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode)


def _torch_adaptive_max_pool1d(input, output_size):
    return adaptive_max_pool1d(input, output_size, True)


_torch_max_pool1d.__name__ = "max_pool1d"
_torch_max_pool2d.__name__ = "max_pool2d"
_torch_adaptive_max_pool1d.__name__ = "adaptive_max_pool1d"
def _max_pool1d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
                             return_indices=False):
    return max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def _max_pool2d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
                             return_indices=False):
    return max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def _adaptive_max_pool1d_with_indices(input, output_size, return_indices=False):
    return adaptive_max_pool1d(input, output_size, True)


def _adaptive_max_pool2d_with_indices(input, output_size, return_indices=False):
    return adaptive_max_pool2d(input, output_size, True)


_max_pool1d_with_indices.__name__ = "max_pool1d_with_indices"
_max_pool2d_with_indices.__name__ = "max_pool2d_with_indices"
_adaptive_max_pool1d_with_indices.__name__ = "adaptive_max_pool1d_with_indices"
_adaptive_max_pool2d_with_indices.__name__ = "adaptive_max_pool2d_with_indices"
FUNCTIONAL = {"max_pool1d_with_indices": _max_pool1d_with_indices,
              "max_pool2d_with_indices": _max_pool2d_with_indices,
              "adaptive_max_pool1d_with_indices": _adaptive_max_pool1d_with_indices,
              "adaptive_max_pool2d_with_indices": _adaptive_max_pool2d_with_indices}
# NOTE: PyTorch has no torch.avg_pool2d, torch.adaptive_avg_pool2d or torch.adaptive_max_pool2d
TORCH = {"max_pool1d": _torch_max_pool1d, "max_pool2d": _torch_max_pool2d, "avg_pool1d": avg_pool1d,
         "adaptive_avg_pool1d": adaptive_avg_pool1d, "adaptive_max_pool1d": _torch_adaptive_max_pool1d,
         "max_pool1d_with_indices": _max_pool1d_with_indices}
