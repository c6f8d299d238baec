"""Pooling of ``torch.nn.functional``: ``max_pool1d/2d/3d``,
``avg_pool1d/2d/3d``, ``adaptive_avg_pool1d/2d/3d``,
``adaptive_max_pool1d/2d/3d`` and ``lp_pool1d/2d/3d``, with PyTorch's
graphs: the 2-d and 3-d ops are nodes of their own
(MaxPool2DWithIndicesBackward0, AvgPool3DBackward0,
AdaptiveAvgPool2DBackward0, AdaptiveMaxPool3DBackward0, ...), each 1-d op
is its 2-d op between ``unsqueeze(-2)`` and ``squeeze(-2)``, as ATen
composes it, and lp pooling is F's composition of pow, avg_pool, sign,
relu, abs and mul.

Values follow PyTorch's CPU kernels (MaxPoolKernel.cpp, AvgPoolKernel.cpp,
AveragePool3d.cpp, AdaptiveAvgPoolKernel.cpp, AdaptiveAveragePooling3d.cpp):
a window is read in row-major order; a max keeps the first largest value,
or the last NaN; a sum adds the window's values in that order in the
input's dtype (float16 in float32 for the 2-d averages), then divides (an
adaptive average by each dim's window size in turn); the backward kernels
add each output's gradient into the input in output order.
"""
from __future__ import annotations

import math

import numpy as np

from ..engine import dtypes as D
from ..errors import GradcliError, index_error, runtime_error, type_error, value_error
from . import arith, shape
from .normalization import int_tuple
from .oprow import KEEP, Sample, T, backward_row, implements, parse_args, python_call_error, row
from .operands import as_tensor, parse_native, type_name
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


def _given(v, nd=2):
    """An int-or-tuple argument as PyTorch's node saves it (None: empty)."""
    if v is None:
        return ()
    return tuple(v) if isinstance(v, (list, tuple)) else (v,) * nd


def _not_implemented(x, kernel):
    raise GradcliError("NotImplementedError", f'"{kernel}" not implemented for '
                       f"'{D.of_array(x.data).torch_type[:-6]}'")


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


def _shape_check_3d(x, k, s, d, p, out, fn, check_input_size=False):
    """ATen's ``pool3d_shape_check``."""
    kind = ("kT", "kH", "kW"), ("dT", "dH", "dW"), ("dilationT", "dilationH", "dilationW")
    for what, v, names in (("kernel size", k, kind[0]), ("stride", s, kind[1]), ("dilation", d, kind[2])):
        if min(v) <= 0:
            raise runtime_error(f"{what} should be greater than zero, but got " +
                                " ".join(f"{n}: {e}" for n, e in zip(names, v)))
    sh = x.shape
    for i, n in enumerate(sh):
        if n <= 0 and not (len(sh) == 5 and i == 0):
            raise runtime_error(f"{fn}: Expected input's non-batch dimensions to have positive length, but input "
                                f"has a shape of {_sizes(sh)} and non-batch dimension {n} has length zero!")
    if check_input_size and (sh[-3] < k[0] or sh[-2] < k[1] or sh[-1] < k[2]):
        raise runtime_error(f"input image (T: {sh[-3]} H: {sh[-2]} W: {sh[-1]}) smaller than kernel size "
                            f"(kT: {k[0]} kH: {k[1]} kW: {k[2]})")
    if _half(k[0]) < p[0] or _half(k[2]) < p[2] or _half(k[1]) < p[1]:
        raise runtime_error(f"pad should be smaller than or equal to half of kernel size, but got kT: {k[0]} "
                            f"kW: {k[2]} kH: {k[1]} padT: {p[0]} padW: {p[2]} padH: {p[1]}")
    if min(out) < 1:
        raise runtime_error(f"Given input size: ({sh[-4]}x{sh[-3]}x{sh[-2]}x{sh[-1]}). Calculated output size: "
                            f"({sh[-4]}x{out[0]}x{out[1]}x{out[2]}). Output size is too small")


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


def _outer(per_dim, combine):
    """(prod O, prod K) from per-dim (O_i, K_i) arrays, both row-major:
    ``combine(acc, next)`` of broadcast (O, 1, K, 1) and (1, O_i, 1, K_i)."""
    acc = per_dim[0]
    for nxt in per_dim[1:]:
        (o, k), (oi, ki) = acc.shape, nxt.shape
        acc = combine(acc[:, None, :, None], nxt[None, :, None, :]).reshape(o * oi, k * ki)
    return acc


def _flat(positions, sizes):
    """(prod O, prod K) flat positions from per-dim positions (``sizes``: the input's spatial sizes)."""
    strides = [math.prod(sizes[i + 1:]) for i in range(len(sizes))]
    return _outer([pos * st for pos, st in zip(positions, strides)], np.add)


def _valid(masks):
    return _outer(list(masks), np.logical_and)


def _planes(a, nd):
    return a.reshape((-1, math.prod(a.shape[a.ndim - nd:])))


def _max_select(a, idx, out_sz):
    """Each window's max and its position: the first largest, or the last NaN."""
    vals = _planes(a, len(out_sz))[:, idx]                     # (P, O, K)
    pick = np.argmax(vals, axis=2) if vals.shape[2] else np.zeros(vals.shape[:2], dtype=np.int64)
    if vals.dtype.kind == "f" and vals.size:
        nan = np.isnan(vals)
        if nan.any():
            last = vals.shape[2] - 1 - np.argmax(nan[..., ::-1], axis=2)
            pick = np.where(nan.any(axis=2), last, pick)
    out = np.take_along_axis(vals, pick[..., None], axis=2)[..., 0]
    indices = idx[np.arange(idx.shape[0])[None, :], pick]
    lead = a.shape[:a.ndim - len(out_sz)] + tuple(out_sz)
    return out.reshape(lead), indices.reshape(lead).astype(np.int64)


def _scatter_max(g, a_shape, indices, nd):
    """The max backward kernel: each output's gradient added at its position, in output order."""
    lead = len(a_shape) - nd
    gi = np.zeros((math.prod(a_shape[:lead]), math.prod(a_shape[lead:])), dtype=g.dtype)
    rows = np.arange(gi.shape[0])[:, None]
    per_plane = (gi.shape[0], math.prod(indices.shape[lead:]))
    np.add.at(gi, (rows, indices.reshape(per_plane)), g.reshape(per_plane))
    return gi.reshape(a_shape)


def _gather_max(g, indices, nd):
    """PyTorch's ``max_pool_double_backward``: the gradient at each output's position."""
    planes = _planes(g, nd)
    flat = indices.reshape(planes.shape[0], -1)
    return np.take_along_axis(planes, flat, axis=1).reshape(indices.shape)


def _window_sum(a, idx, nd, widen_half=True):
    """Each window's sum, read in order (``idx``: flat positions, the
    plane's size for a position outside the input: adds nothing), in the
    input's dtype (float32 for float16 where PyTorch's kernel accumulates so)."""
    planes = _planes(a, nd)
    if a.dtype == np.float16 and widen_half:
        planes = planes.astype(np.float32)
    padded = np.concatenate([planes, np.zeros((planes.shape[0], 1), dtype=planes.dtype)], axis=1)
    total = np.zeros((planes.shape[0], idx.shape[0]), dtype=planes.dtype)
    for k in range(idx.shape[1]):
        total += padded[:, idx[:, k]]
    return total


def _scatter_sum(g_per_window, a_shape, idx, nd):
    """A backward kernel of a sum: each output's share added at each of its positions, in order."""
    lead = len(a_shape) - nd
    planes = math.prod(a_shape[:lead])
    size = math.prod(a_shape[lead:])
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


# ***** max_pool2d, max_pool3d *****

def _max_pool_forward(a, kernel_size, stride, padding, dilation, out_hw):
    sizes = a.shape[a.ndim - len(out_hw):]
    per_dim = [_axis(n, o, k, st, p, d) for n, o, k, st, p, d in zip(sizes, out_hw, kernel_size, stride, padding,
                                                                       dilation)]
    idx = _flat([_clamped(pos, valid, n) for (pos, valid), n in zip(per_dim, sizes)], sizes)
    return _max_select(a, idx, out_hw)


def _zero_self(m, gg, out, g, a, **attrs):
    """A pooling backward's ``self: zeros_like(self)`` (derivatives.yaml)."""
    return m.const(np.zeros(a.shape, dtype=m.data(gg).dtype))


def _gather_tensor(gg, indices, nd):
    """``max_pool_double_backward`` recorded: a view of the gradient, a
    gather, and a view back (as PyTorch composes it)."""
    lead = indices.shape[:indices.ndim - nd]
    flat = shape.reshape(gg, lead + (math.prod(gg.shape[gg.ndim - nd:]),))
    from .selection import gather
    picked = gather(flat, -1, _index_tensor(indices.reshape(lead + (math.prod(indices.shape[len(lead):]),))))
    return shape.reshape(picked, indices.shape)


def _max_backward_rules(nd):
    """The rules of a max pooling's backward node (its double backward)."""
    def grad_output(m, gg, out, g, a, indices):
        return _gather_tensor(gg, indices, nd) if m.is_tensor else _gather_max(gg, indices, nd)
    return {"grad_output": grad_output, "self": _zero_self}


for _nd in (2, 3):
    backward_row(f"max_pool{_nd}d_with_indices_backward", f"MaxPool{_nd}DWithIndicesBackwardBackward0",
                 lambda g, a, indices, nd=_nd: _scatter_max(g, a.shape, indices, nd), _max_backward_rules(_nd))
row("max_pool2d_with_indices", "MaxPool2DWithIndicesBackward0",
    lambda a, kernel_size, stride, padding, dilation, out_hw, **saved: _max_pool_forward(
        a, kernel_size, stride, padding, dilation, out_hw)[0],
    {"input": lambda m, g, out, a, indices, **attrs: m.max_pool2d_with_indices_backward(g, a, indices=indices)},
    dtype=KEEP, via="max_pool2d")
row("max_pool3d_with_indices", "MaxPool3DWithIndicesBackward0",
    lambda a, kernel_size, stride, padding, dilation, out_hw, **saved: _max_pool_forward(
        a, kernel_size, stride, padding, dilation, out_hw)[0],
    {"input": lambda m, g, out, a, indices, **attrs: m.max_pool3d_with_indices_backward(g, a, indices=indices)},
    dtype=KEEP, via="max_pool3d")

_COUNT = {2: "two", 3: "three"}


def _window_args(nd, name, fn, kernel_size, stride, padding, must="must either be"):
    """kernel_size, stride (default: the kernel) and padding of pooling
    ``name`` as ATen reads them, with its messages (``fn``: the function
    its argument parser names)."""
    n = _COUNT[nd]
    k = _ints(kernel_size, fn, "kernel_size", 2, nd, f"{name}: kernel_size {must} a single int, or a tuple of {n} ints")
    s = k if stride is None or (isinstance(stride, (list, tuple)) and not stride) else _ints(
        stride, fn, "stride", 3, nd, f"{name}: stride {must} omitted, a single int, or a tuple of {n} ints")
    p = _ints(padding, fn, "padding", 4, nd, f"{name}: padding {must} a single int, or a tuple of {n} ints")
    return k, s, p


def _max_pool_args(nd, fn, kernel_size, stride, padding, dilation, ceil_mode):
    """ATen's reading of a max pooling's arguments (its messages)."""
    name = f"max_pool{nd}d"
    k, s, p = _window_args(nd, name, fn, kernel_size, stride, padding)
    d = _ints(dilation, fn, "dilation", 5, nd, f"{name}: dilation must be either a single int, or a tuple of "
              f"{_COUNT[nd]} ints")
    _bool_arg(ceil_mode, fn, "ceil_mode", 6)
    return k, s, p, d


def _bool_arg(v, fn, name, position):
    if type(v) is not bool:
        where = f" (position {position})" if position else ""
        raise type_error(f"{fn}(): argument '{name}'{where} must be bool, not {type_name(v)}")


def max_pool2d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
                            fn="max_pool2d"):
    """ATen's ``max_pool2d_with_indices``: (output, indices)."""
    x = as_tensor(input)
    k, s, p, d = _max_pool_args(2, fn, kernel_size, stride, padding, dilation, ceil_mode)
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
    return _max_pool_apply(x, 2, k, s, p, d, out_hw, (kernel_size, stride, padding, dilation, ceil_mode))


def _max_pool_apply(x, nd, k, s, p, d, out_sz, given):
    out, indices = _max_pool_forward(x.data, k, s, p, d, out_sz)
    kernel_size, stride, padding, dilation, ceil_mode = given
    attrs = {"kernel_size": k, "stride": s, "padding": p, "dilation": d, "out_hw": out_sz, "indices": indices,
             "saved": {"kernel_size": _given(kernel_size, nd), "stride": _given(stride, nd),
                       "padding": _given(padding, nd), "dilation": _given(dilation, nd), "ceil_mode": ceil_mode}}
    result = OPS[f"max_pool{nd}d_with_indices"].apply((x,), attrs, out)
    return result, _index_tensor(indices)


def max_pool3d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
                            fn="max_pool3d"):
    """ATen's ``max_pool3d_with_indices`` (DilatedMaxPool3d.cpp): (output, indices)."""
    x = as_tensor(input)
    k, s, p, d = _max_pool_args(3, fn, kernel_size, stride, padding, dilation, ceil_mode)
    if x.ndim not in (4, 5):
        raise runtime_error("non-empty 4D or 5D (batch mode) tensor expected for input")
    out = tuple(output_size(x.shape[i - 3], k[i], p[i], s[i], d[i], ceil_mode) for i in range(3))
    _shape_check_3d(x, k, s, d, p, out, "max_pool3d_with_indices_out_cpu_template()")
    if x.data.dtype == np.bool_:
        _not_implemented(x, "max_pool3d")
    return _max_pool_apply(x, 3, k, s, p, d, out, (kernel_size, stride, padding, dilation, ceil_mode))


def _index_tensor(indices):
    from ..engine.tensor import Tensor
    return Tensor(indices, False, None)


# NOTE: F's max poolings are boolean_dispatch: by return_indices, PyTorch
# calls ``_max_pool2d`` or ``max_pool2d_with_indices``, and a call that does
# not bind is a TypeError naming the one it picked.
_MAX_POOL_SIG = parse_args("input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, "
                           "return_indices=False")
_ADAPTIVE_MAX_SIG = parse_args("input, output_size, return_indices=False")


def _dispatched(signature, index, false_name, true_name, args, kwargs):
    """The arguments of a boolean_dispatch call bound to ``signature``, and
    the name of the function it dispatches to."""
    flag = kwargs["return_indices"] if "return_indices" in kwargs else args[index] if index < len(args) else False
    name = true_name if flag else false_name
    try:
        bound = signature.bind(*args, **kwargs)
    except TypeError:
        raise type_error(python_call_error(name, signature, args, kwargs)) from None
    bound.apply_defaults()
    return bound.arguments, bool(flag), name


def _max_pool(nd, args, kwargs):
    a, flag, name = _dispatched(_MAX_POOL_SIG, 6, f"_max_pool{nd}d", f"max_pool{nd}d_with_indices", args, kwargs)
    fn = name.lstrip("_")
    call = {1: _max_pool1d, 2: max_pool2d_with_indices, 3: max_pool3d_with_indices}[nd]
    out, indices = call(a["input"], a["kernel_size"], a["stride"], a["padding"], a["dilation"], a["ceil_mode"],
                        fn=fn)
    return (out, indices) if flag else out


@implements("max_pool2d")
def max_pool2d(*args, **kwargs):
    return _max_pool(2, args, kwargs)


@implements("max_pool3d")
def max_pool3d(*args, **kwargs):
    return _max_pool(3, args, kwargs)


row("max_pool2d", "MaxPool2DWithIndicesBackward0", None, forms=F_FORMS,
    args="input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False",
    samples=(Sample(T((1, 2, 4, 4)), 2), Sample(T((2, 5, 6)), (2, 3), 1, 1),
             Sample(T((1, 1, 5, 5)), 3, 2, 1, ceil_mode=True), Sample(T((1, 1, 7, 6)), 2, 1, 1, 2),
             Sample(T(values=[[[1.0, 3.0, 3.0, 2.0], [3.0, 0.5, 1.0, 3.0]]]), (1, 2), 1)))
row("max_pool3d", "MaxPool3DWithIndicesBackward0", None, forms=F_FORMS,
    args="input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False",
    samples=(Sample(T((1, 2, 4, 4, 4)), 2), Sample(T((2, 3, 5, 6)), (1, 2, 3), 1, (0, 1, 1)),
             Sample(T((1, 1, 5, 5, 4)), 3, 2, 1, ceil_mode=True), Sample(T((1, 1, 5, 7, 6)), 2, 1, 1, 2)))


# ***** max_pool1d *****

def _check_1d_int(v, fn, name):
    if isinstance(v, int) and not isinstance(v, bool):
        return v
    v = int_tuple(v, fn, name, {"kernel_size": 2, "stride": 3, "padding": 4, "dilation": 5}[name])
    if len(v) != 1:
        raise runtime_error(f"max_pool1d() {name} must be an int, list of ints or tuple of ints of size 1 but got "
                            f"size {len(v)}")
    return v[0]


def _max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, fn="max_pool1d"):
    """ATen's ``max_pool1d``: its checks, then ``max_pool2d_with_indices`` of ``input.unsqueeze(-2)``."""
    x = as_tensor(input)
    k = _check_1d_int(kernel_size, fn, "kernel_size")
    empty = stride is None or (isinstance(stride, (list, tuple)) and not stride)
    s = k if empty else _check_1d_int(stride, fn, "stride")
    p = _check_1d_int(padding, fn, "padding")
    d = _check_1d_int(dilation, fn, "dilation")
    _bool_arg(ceil_mode, fn, "ceil_mode", 6)
    if x.ndim not in (2, 3) or 0 in x.shape[-1:] or (x.ndim == 3 and x.shape[1] == 0):
        raise runtime_error(f"max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for "
                            f"input, but got:{_sizes(x.shape)}")
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
    if x.data.dtype.kind != "f" and fn == "max_pool1d":
        _not_implemented(x, "max_pool1d_impl")
    out, indices = max_pool2d_with_indices(shape.unsqueeze(x, -2), (1, k), (1, s), (0, p), (1, d), ceil_mode)
    return shape.squeeze(out, -2), _index_tensor(indices.data.squeeze(-2))


@implements("max_pool1d")
def max_pool1d(*args, **kwargs):
    return _max_pool(1, args, kwargs)


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


def _avg_plan(sizes, out_sz, k, s, p, count_include_pad, divisor_override):
    per_dim = [_avg_axis(n, o, kk, ss, pp) for n, o, kk, ss, pp in zip(sizes, out_sz, k, s, p)]
    idx = _flat([d[0] for d in per_dim], sizes)
    valid = _valid([d[1] for d in per_dim])
    idx = np.where(valid, idx, math.prod(sizes))
    if divisor_override is not None:
        divisor = np.full(math.prod(out_sz), divisor_override, dtype=np.int64)
    else:
        divisor = _outer([d[2 if count_include_pad else 3][:, None] for d in per_dim], np.multiply).reshape(-1)
    empty = ~valid.any(axis=1)
    return idx, divisor, empty


def _avg_forward(a, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override, out_hw,
                 saved=None):
    nd = len(out_hw)
    idx, divisor, empty = _avg_plan(a.shape[a.ndim - nd:], out_hw, kernel_size, stride, padding, count_include_pad,
                                    divisor_override)
    total = _window_sum(a, idx, nd)
    # NOTE: a window wholly in the padding is 0 (PyTorch skips it)
    safe = np.where(empty, 1, divisor)
    out = np.where(empty, np.zeros((), total.dtype), _divide(total, safe))
    return out.astype(a.dtype, copy=False).reshape(a.shape[:a.ndim - nd] + tuple(out_hw))


def _avg_backward(g, a, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override, out_hw,
                  saved=None):
    nd = len(out_hw)
    idx, divisor, empty = _avg_plan(a.shape[a.ndim - nd:], out_hw, kernel_size, stride, padding, count_include_pad,
                                    divisor_override)
    share = _planes(g, nd) / divisor.astype(g.dtype)
    return _scatter_sum(share, a.shape, idx, nd)


def _avg_apply(m, t, attrs):
    if not m.is_tensor:
        return _avg_forward(t, **attrs)
    return OPS[f"avg_pool{len(attrs['out_hw'])}d_node"].apply((t,), attrs, _avg_forward(t.data, **attrs))


for _nd in (2, 3):
    backward_row(f"avg_pool{_nd}d_backward", f"AvgPool{_nd}DBackwardBackward0", _avg_backward,
                 {"grad_output": lambda m, gg, out, g, a, **attrs: _avg_apply(m, gg, attrs),
                  "self": _zero_self})
row("avg_pool2d_node", "AvgPool2DBackward0", _avg_forward,
    {"input": lambda m, g, out, a, **attrs: m.avg_pool2d_backward(g, a, **attrs)}, dtype=KEEP, via="avg_pool2d")
row("avg_pool3d_node", "AvgPool3DBackward0", _avg_forward,
    {"input": lambda m, g, out, a, **attrs: m.avg_pool3d_backward(g, a, **attrs)}, dtype=KEEP, via="avg_pool3d")


_AVG_SPEC = ("Tensor input, int[] kernel_size, int[]? stride=None, int[] padding=0, bool ceil_mode=False, "
             "bool count_include_pad=True, int? divisor_override=None")


def _avg_attrs(k, s, p, ceil_mode, count_include_pad, divisor_override, out_sz, given):
    kernel_size, stride, padding = given
    nd = len(k)
    return {"kernel_size": k, "stride": s, "padding": p, "ceil_mode": ceil_mode,
            "count_include_pad": bool(count_include_pad), "divisor_override": divisor_override, "out_hw": out_sz,
            "saved": {"kernel_size": _given(kernel_size, nd), "stride": _given(stride, nd),
                      "padding": _given(padding, nd), "ceil_mode": ceil_mode,
                      "count_include_pad": count_include_pad, "divisor_override": divisor_override}}


@implements("avg_pool2d")
def avg_pool2d(*args, **kwargs):
    return _avg_pool2d(*parse_native("avg_pool2d", _AVG_SPEC, args, kwargs))


def _avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    x = as_tensor(input)
    k, s, p = _window_args(2, "avg_pool2d", "avg_pool2d", kernel_size, stride, padding)
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
    attrs = _avg_attrs(k, s, p, ceil_mode, count_include_pad, divisor_override, out_hw, (kernel_size, stride, padding))
    return OPS["avg_pool2d_node"].apply((x,), attrs, _avg_forward(x.data, **attrs))


row("avg_pool2d", "AvgPool2DBackward0", None, forms=F_FORMS,
    args="input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, "
         "divisor_override=None",
    samples=(Sample(T((1, 2, 4, 4)), 2), Sample(T((2, 5, 6)), (2, 3), 1, 1),
             Sample(T((1, 1, 5, 5)), 3, 2, 1, ceil_mode=True, count_include_pad=False),
             Sample(T((1, 1, 4, 5)), 2, 1, divisor_override=3)))


@implements("avg_pool3d")
def avg_pool3d(*args, **kwargs):
    return _avg_pool3d(*parse_native("avg_pool3d", _AVG_SPEC, args, kwargs))


def _avg_pool3d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    """ATen's ``avg_pool3d`` (AveragePool3d.cpp)."""
    x = as_tensor(input)
    k, s, p = _window_args(3, "avg_pool3d", "avg_pool3d", kernel_size, stride, padding, "must be")
    if x.ndim not in (4, 5):
        raise runtime_error("non-empty 4D or 5D (batch mode) tensor expected for input")
    if divisor_override is not None and divisor_override == 0:
        raise runtime_error("divisor must be not zero")
    out = tuple(output_size(x.shape[i - 3], k[i], p[i], s[i], 1, ceil_mode) for i in range(3))
    _shape_check_3d(x, k, s, (1, 1, 1), p, out, "avg_pool3d()", check_input_size=True)
    if x.data.dtype.kind != "f" and x.data.dtype != np.int64 or x.data.dtype == np.float16:
        _not_implemented(x, "avg_pool3d_out_frame")
    attrs = _avg_attrs(k, s, p, ceil_mode, count_include_pad, divisor_override, out, (kernel_size, stride, padding))
    return OPS["avg_pool3d_node"].apply((x,), attrs, _avg_forward(x.data, **attrs))


row("avg_pool3d", "AvgPool3DBackward0", None, forms=F_FORMS,
    args="input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, "
         "divisor_override=None",
    samples=(Sample(T((1, 2, 4, 4, 4)), 2), Sample(T((2, 3, 5, 6)), (1, 2, 3), 1, (0, 1, 1)),
             Sample(T((1, 1, 5, 5, 5)), 3, 2, 1, ceil_mode=True, count_include_pad=False),
             Sample(T((1, 1, 3, 4, 5)), 2, 1, divisor_override=3)))


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
def avg_pool1d(*args, **kwargs):
    return _avg_pool1d(*parse_native("avg_pool1d", _AVG_SPEC.rpartition(",")[0], args, kwargs))


def _avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    """ATen's ``avg_pool1d``: ``avg_pool2d`` of ``input.unsqueeze(-2)``, squeezed."""
    x = as_tensor(input)
    fn = "avg_pool1d"
    _check_dims_2_to_3(x, fn)
    k = _one_int(kernel_size, fn, "kernel_size", 2)
    empty = stride is None or (isinstance(stride, (list, tuple)) and not stride)
    s = k if empty else _one_int(stride, fn, "stride", 3)
    p = _one_int(padding, fn, "padding", 4)
    out = _avg_pool2d(shape.unsqueeze(x, -2), (1, k), (1, s), (0, p), ceil_mode, count_include_pad)
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


def _adaptive_plan(sizes, out_sz):
    """Flat positions of each window (the plane's size outside it), and each dim's window sizes."""
    per_dim = [_adaptive_axis(n, o) for n, o in zip(sizes, out_sz)]
    idx = _flat([d[0] for d in per_dim], sizes)
    valid = _valid([d[1] for d in per_dim])
    return np.where(valid, idx, math.prod(sizes)), [d[2] for d in per_dim]


def _per_window(widths, i):
    """Dim ``i``'s window sizes, one per output (row-major over all dims)."""
    counts = [len(w) for w in widths]
    return np.tile(np.repeat(widths[i], math.prod(counts[i + 1:])), math.prod(counts[:i]))


def _divide_by_widths(v, widths):
    """``v / kT / kH / kW`` in the dtype of ``v``, as ATen's kernels divide."""
    for i in range(len(widths)):
        v = v / _per_window(widths, i).astype(v.dtype)
    return v


def _adaptive_avg_forward(a, out_hw):
    nd = len(out_hw)
    lead = a.shape[:a.ndim - nd]
    if 0 in out_hw:
        return np.zeros(lead + tuple(out_hw), a.dtype)
    idx, widths = _adaptive_plan(a.shape[a.ndim - nd:], out_hw)
    total = _window_sum(a, idx, nd, widen_half=nd == 2)
    return _divide_by_widths(total, widths).astype(a.dtype, copy=False).reshape(lead + tuple(out_hw))


def _check_grad_output(g, fn):
    """ATen's check of an adaptive pooling's incoming gradient."""
    for i in range(1, g.ndim):
        if g.shape[i] == 0:
            raise runtime_error(f"{fn}(): Expected grad_output to have non-zero size for non-batch dimensions, but "
                                f"grad_output has sizes {_sizes(g.shape)} with dimension {i} being empty")


def _adaptive_avg_backward(g, a, out_hw):
    nd = len(out_hw)
    _check_grad_output(g, f"adaptive_avg_pool{nd}d_backward")
    idx, widths = _adaptive_plan(a.shape[a.ndim - nd:], out_hw)
    return _scatter_sum(_divide_by_widths(_planes(g, nd), widths), a.shape, idx, nd)


def _adaptive_avg_apply(m, t, out_hw):
    if not m.is_tensor:
        return _adaptive_avg_forward(t, out_hw)
    return OPS[f"adaptive_avg_pool{len(out_hw)}d_node"].apply((t,), {"out_hw": out_hw},
                                                              _adaptive_avg_forward(t.data, out_hw))


for _nd in (2, 3):
    backward_row(f"adaptive_avg_pool{_nd}d_backward", f"AdaptiveAvgPool{_nd}DBackwardBackward0", _adaptive_avg_backward,
                 {"grad_output": lambda m, gg, out, g, a, out_hw: _adaptive_avg_apply(m, gg, out_hw),
                  "self": _zero_self})
row("adaptive_avg_pool2d_node", "AdaptiveAvgPool2DBackward0", _adaptive_avg_forward,
    {"input": lambda m, g, out, a, out_hw: m.adaptive_avg_pool2d_backward(g, a, out_hw=out_hw)},
    dtype=KEEP, via="adaptive_avg_pool2d")
row("adaptive_avg_pool3d_node", "AdaptiveAvgPool3DBackward0", _adaptive_avg_forward,
    {"input": lambda m, g, out, a, out_hw: m.adaptive_avg_pool3d_backward(g, a, out_hw=out_hw)},
    dtype=KEEP, via="adaptive_avg_pool3d")


def _adaptive_check(x, fn, nd=2):
    dims = "3D or 4D" if nd == 2 else "4D or 5D"
    if nd == 2 and x.ndim not in (3, 4):
        sep = ": " if fn == "adaptive_max_pool2d" else " "
        raise runtime_error(f"{fn}(): Expected {dims} tensor, but got{sep}{_sizes(x.shape)}")
    for i in range(1, x.ndim):
        if x.shape[i] == 0:
            raise runtime_error(f"{fn}(): Expected input to have non-zero size for non-batch dimensions, but input "
                                f"has sizes {_sizes(x.shape)} with dimension {i} being empty")
    if x.ndim not in (nd + 1, nd + 2):
        sep = ": " if fn.startswith("adaptive_max") else " "
        raise runtime_error(f"{fn}(): Expected {dims} tensor, but got{sep}{_sizes(x.shape)}")


def _output_hw(output_size, x, fn, nd=2):
    """F's ``_list_with_default``: an int, or a tuple with None for the input's size."""
    if isinstance(output_size, int) and not isinstance(output_size, bool):
        return (output_size,) * nd
    if output_size is None:
        raise type_error("object of type 'NoneType' has no len()")
    if not isinstance(output_size, (list, tuple)):
        raise type_error(f"object of type '{type_name(output_size)}' has no len()")
    if len(output_size) >= x.ndim:
        raise value_error(f"Input dimension should be at least {len(output_size) + 1}")
    sizes = x.shape[-len(output_size):] if output_size else ()
    out = int_tuple([d if v is None else v for v, d in zip(output_size, sizes)], fn, "output_size", 2)
    if len(out) != nd:
        raise runtime_error(f"{fn}: output_size must be {nd}" if fn.startswith("adaptive_avg") or nd == 2 else
                            f"{fn}(): internal error: output_size.size() must be {nd}")
    return out


def _adaptive_avg(x, out_sz):
    nd = len(out_sz)
    fn = f"adaptive_avg_pool{nd}d"
    if min(out_sz) < 0:
        got = ", ".join(str(v) for v in out_sz) if nd == 2 else f"{out_sz[0]}, {out_sz[1]},{out_sz[2]}"
        raise runtime_error(f"{fn}: elements of output_size must be greater than or equal to 0 but received {{{got}}}")
    if out_sz == (1,) * nd:
        # NOTE: PyTorch's adaptive average pooling to size 1 is a mean over the pooled dims (MeanBackward1)
        return arith.mean(x, tuple(range(-1, -nd - 1, -1)), True)
    _adaptive_check(x, fn, nd)
    if x.data.dtype.kind != "f":
        _not_implemented(x, fn if nd == 2 else "adaptive_avg_pool3d_cpu")
    return OPS[f"{fn}_node"].apply((x,), {"out_hw": out_sz}, _adaptive_avg_forward(x.data, out_sz))


@implements("adaptive_avg_pool2d")
def adaptive_avg_pool2d(input, output_size):
    x = as_tensor(input)
    return _adaptive_avg(x, _output_hw(output_size, x, "adaptive_avg_pool2d"))


@implements("adaptive_avg_pool3d")
def adaptive_avg_pool3d(input, output_size):
    x = as_tensor(input)
    return _adaptive_avg(x, _output_hw(output_size, x, "adaptive_avg_pool3d", 3))


row("adaptive_avg_pool2d", "AdaptiveAvgPool2DBackward0", None, forms=F_FORMS, args="input, output_size",
    doc="MeanBackward1 for output_size 1",
    samples=(Sample(T((1, 2, 5, 7)), 3), Sample(T((2, 5, 6)), (2, None)), Sample(T((1, 1, 4, 4)), 1),
             Sample(T((1, 1, 3, 3)), (5, 4))))
row("adaptive_avg_pool3d", "AdaptiveAvgPool3DBackward0", None, forms=F_FORMS, args="input, output_size",
    doc="MeanBackward1 for output_size 1",
    samples=(Sample(T((1, 2, 5, 7, 3)), 3), Sample(T((2, 5, 6, 4)), (2, None, 3)), Sample(T((1, 1, 4, 4, 3)), 1),
             Sample(T((1, 1, 3, 3, 2)), (5, 4, 3))))


@implements("adaptive_avg_pool1d")
def adaptive_avg_pool1d(*args, **kwargs):
    return _adaptive_avg_pool1d(*parse_native("adaptive_avg_pool1d", "Tensor input, int[] output_size", args, kwargs))


def _adaptive_avg_pool1d(input, output_size):
    x = as_tensor(input)
    fn = "adaptive_avg_pool1d"
    _check_dims_2_to_3(x, fn)
    n = _one_int(output_size, fn, "output_size", 2)
    return shape.squeeze(_adaptive_avg(shape.unsqueeze(x, -2), (1, n)), -2)


row("adaptive_avg_pool1d", "SqueezeBackward1", None, forms=F_FORMS,
    doc="over AdaptiveAvgPool2DBackward0, as ATen composes it", args="input, output_size",
    samples=(Sample(T((2, 3, 7)), 3), Sample(T((3, 8)), 5), Sample(T((1, 2, 4)), 1)))


def _adaptive_max_forward(a, out_hw):
    nd = len(out_hw)
    lead = a.shape[:a.ndim - nd]
    if 0 in out_hw:
        return np.zeros(lead + tuple(out_hw), a.dtype), np.zeros(lead + tuple(out_hw), np.int64)
    sizes = a.shape[a.ndim - nd:]
    per_dim = [_adaptive_axis(n, o) for n, o in zip(sizes, out_hw)]
    idx = _flat([_clamped(pos, valid & (pos < n), n) for (pos, valid, _), n in zip(per_dim, sizes)], sizes)
    return _max_select(a, idx, out_hw)


def _adaptive_max_backward(g, a, indices, nd):
    _check_grad_output(g, f"adaptive_max_pool{nd}d_backward")
    return _scatter_max(g, a.shape, indices, nd)


for _nd in (2, 3):
    backward_row(f"adaptive_max_pool{_nd}d_backward", f"AdaptiveMaxPool{_nd}DBackwardBackward0",
                 lambda g, a, indices, nd=_nd: _adaptive_max_backward(g, a, indices, nd), _max_backward_rules(_nd))
row("adaptive_max_pool2d_node", "AdaptiveMaxPool2DBackward0",
    lambda a, out_hw: _adaptive_max_forward(a, out_hw)[0],
    {"input": lambda m, g, out, a, out_hw, indices: m.adaptive_max_pool2d_backward(g, a, indices=indices)},
    dtype=KEEP, via="adaptive_max_pool2d")
row("adaptive_max_pool3d_node", "AdaptiveMaxPool3DBackward0",
    lambda a, out_hw: _adaptive_max_forward(a, out_hw)[0],
    {"input": lambda m, g, out, a, out_hw, indices: m.adaptive_max_pool3d_backward(g, a, indices=indices)},
    dtype=KEEP, via="adaptive_max_pool3d")


def _adaptive_max(x, out_sz):
    nd = len(out_sz)
    fn = f"adaptive_max_pool{nd}d"
    _adaptive_check(x, fn, nd)
    if min(out_sz) < 0:
        raise runtime_error(f"Trying to create tensor with negative dimension {min(out_sz)}: "
                            f"{_sizes(x.shape[:x.ndim - nd] + tuple(out_sz))}")
    if x.data.dtype.kind != "f":
        _not_implemented(x, fn if nd == 2 else "adaptive_max_pool3d_cpu")
    out, indices = _adaptive_max_forward(x.data, out_sz)
    result = OPS[f"{fn}_node"].apply((x,), {"out_hw": out_sz, "indices": indices}, out)
    return result, indices


def _adaptive_max_pool(nd, args, kwargs):
    a, flag, name = _dispatched(_ADAPTIVE_MAX_SIG, 2, f"_adaptive_max_pool{nd}d",
                                f"adaptive_max_pool{nd}d_with_indices", args, kwargs)
    x = as_tensor(a["input"])
    fn = f"adaptive_max_pool{nd}d"
    if nd == 1:
        _check_dims_2_to_3(x, fn)
        n = _one_int(a["output_size"], fn, "output_size", 2)
        out, indices = _adaptive_max(shape.unsqueeze(x, -2), (1, n))
        out, indices = shape.squeeze(out, -2), indices.squeeze(-2)
    else:
        out, indices = _adaptive_max(x, _output_hw(a["output_size"], x, fn, nd))
    return (out, _index_tensor(indices)) if flag else out


@implements("adaptive_max_pool1d")
def adaptive_max_pool1d(*args, **kwargs):
    return _adaptive_max_pool(1, args, kwargs)


@implements("adaptive_max_pool2d")
def adaptive_max_pool2d(*args, **kwargs):
    return _adaptive_max_pool(2, args, kwargs)


@implements("adaptive_max_pool3d")
def adaptive_max_pool3d(*args, **kwargs):
    return _adaptive_max_pool(3, args, kwargs)


row("adaptive_max_pool2d", "AdaptiveMaxPool2DBackward0", None, forms=F_FORMS,
    args="input, output_size, return_indices=False",
    samples=(Sample(T((1, 2, 5, 7)), 3), Sample(T((2, 5, 6)), (2, None)), Sample(T((1, 1, 3, 3)), (4, 5))))
row("adaptive_max_pool3d", "AdaptiveMaxPool3DBackward0", None, forms=F_FORMS,
    args="input, output_size, return_indices=False",
    samples=(Sample(T((1, 2, 5, 7, 3)), 3), Sample(T((2, 5, 6, 4)), (2, None, 3)),
             Sample(T((1, 1, 3, 3, 2)), (4, 5, 3))))
row("adaptive_max_pool1d", "SqueezeBackward1", None, forms=F_FORMS,
    doc="over AdaptiveMaxPool2DBackward0, as ATen composes it", args="input, output_size, return_indices=False",
    samples=(Sample(T((2, 3, 7)), 3), Sample(T((3, 8)), 5)))


# ***** lp pooling: F's composition *****

def _ntuple(v, n):
    """PyTorch's ``_pair``/``_triple``: a sequence as a tuple, anything else repeated."""
    return tuple(v) if isinstance(v, (list, tuple)) else (v,) * n


def _lp_pool(nd, input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """F.lp_pool{1,2,3}d as PyTorch composes it: ``avg_pool(x ** p)``, then
    ``(sign(out) * relu(abs(out))).mul(window size).pow(1 / p)`` (a max
    pooling of ``abs(x)`` for an infinite p), so its graph and bits are
    those of the ops it calls."""
    if nd == 1:
        factor = kernel_size
    else:
        sizes = _ntuple(kernel_size, nd)
        if len(sizes) != nd:
            raise value_error(f"too many values to unpack (expected {nd})" if len(sizes) > nd else
                              f"not enough values to unpack (expected {nd}, got {len(sizes)})")
        factor = math.prod(sizes)
    if isinstance(norm_type, (int, float)) and abs(norm_type) == math.inf:
        pooled = _max_pool(nd, (OPS["abs"].call(input) if norm_type > 0 else OPS["neg"].call(OPS["abs"].call(input)),
                                kernel_size, stride, 0, 1, ceil_mode), {})
        return pooled if norm_type > 0 else OPS["neg"].call(pooled)
    avg = {1: avg_pool1d, 2: avg_pool2d, 3: avg_pool3d}[nd]
    powered = OPS["pow"].call(input, norm_type)
    if stride is not None:
        out = avg(powered, kernel_size, stride, 0, ceil_mode)
    else:
        out = avg(powered, kernel_size, padding=0, ceil_mode=ceil_mode)
    kept = OPS["mul"].call(OPS["sign"].call(out), OPS["relu"].call(OPS["abs"].call(out)))
    if norm_type == 0:
        raise GradcliError("ZeroDivisionError", "float division by zero")
    return OPS["pow"].call(OPS["mul"].call(kept, factor), 1.0 / norm_type)


@implements("lp_pool1d")
def lp_pool1d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    return _lp_pool(1, input, norm_type, kernel_size, stride, ceil_mode)


@implements("lp_pool2d")
def lp_pool2d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    return _lp_pool(2, input, norm_type, kernel_size, stride, ceil_mode)


@implements("lp_pool3d")
def lp_pool3d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    return _lp_pool(3, input, norm_type, kernel_size, stride, ceil_mode)


for _nd, _shapes in ((1, ((2, 3, 7), (3, 8))), (2, ((1, 2, 4, 5), (2, 5, 6))), (3, ((1, 2, 4, 4, 3), (2, 3, 4, 5)))):
    row(f"lp_pool{_nd}d", "PowBackward0", None, forms=F_FORMS,
        doc=f"over AvgPool{max(_nd, 2)}DBackward0, as F composes it",
        args="input, norm_type, kernel_size, stride=None, ceil_mode=False",
        samples=(Sample(T(_shapes[0], low=0.5, high=2.0), 2, 2), Sample(T(_shapes[1], low=0.5, high=2.0), 3, 2, 1),
                 Sample(T(_shapes[1], low=0.5, high=2.0), 1.5, 3, ceil_mode=True)))


# ***** torch.<name> and F.<name>_with_indices: the ATen signatures *****

def _native(name, spec, impl):
    """``torch.<name>``: PyTorch's native function of one signature, its
    arguments read (and refused) as its parser reads them, then ``impl``."""
    def call(*args, **kwargs):
        return impl(*parse_native(name, spec, args, kwargs))
    call.__name__ = name
    return call


_MAX_SPEC = "Tensor input, int[] kernel_size, int[]? stride=(), int[] padding=0, int[] dilation=1, bool ceil_mode=False"
_NATIVE_MAX = {f"max_pool{n}d": _native(f"max_pool{n}d", _MAX_SPEC, lambda *a, f=f: f(*a))
               for n, f in ((1, max_pool1d), (2, max_pool2d), (3, max_pool3d))}
_NATIVE_MAX["max_pool1d_with_indices"] = _native("max_pool1d_with_indices", _MAX_SPEC,
                                                 lambda *a: _max_pool1d(*a, fn="max_pool1d_with_indices"))


def _with_indices(pool, name):
    """``F.<name>``: the pooling with its indices (return_indices is ignored, as PyTorch's is)."""
    def call(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
        return pool(input, kernel_size, stride, padding, dilation, ceil_mode, True)
    call.__name__ = name
    return call


def _adaptive_with_indices(pool, name):
    def call(input, output_size, return_indices=False):
        return pool(input, output_size, True)
    call.__name__ = name
    return call


FUNCTIONAL = {f"max_pool{n}d_with_indices": _with_indices(f, f"max_pool{n}d_with_indices")
              for n, f in ((1, max_pool1d), (2, max_pool2d), (3, max_pool3d))}
FUNCTIONAL.update({f"adaptive_max_pool{n}d_with_indices":
                   _adaptive_with_indices(f, f"adaptive_max_pool{n}d_with_indices")
                   for n, f in ((1, adaptive_max_pool1d), (2, adaptive_max_pool2d), (3, adaptive_max_pool3d))})
# NOTE: PyTorch has no torch.avg_pool2d, torch.adaptive_avg_pool2d or torch.adaptive_max_pool2d
TORCH = dict(_NATIVE_MAX, avg_pool1d=avg_pool1d, adaptive_avg_pool1d=adaptive_avg_pool1d,
             adaptive_max_pool1d=_native("adaptive_max_pool1d", "Tensor input, int[] output_size",
                                         lambda x, size: adaptive_max_pool1d(x, size, True)))
