"""Convolutions: ``F.conv1d``/``conv2d``/``conv3d`` (and ``torch.``'s), as
PyTorch's ``at::conv*d`` reads, checks and computes them, with their
gradient (ConvolutionBackward0) and double-backward
(ConvolutionBackwardBackward0) kernels.

Every kernel is one of three products over the windows of the input (the
"columns": for each output position, the window's channels times kernel
positions, one group's at a time):

- forward, ``convolution``: weight @ columns (plus the bias);
- the input's gradient, ``convolution_backward_input``: weight.T @ grad,
  added back into the windows it came from;
- the weight's gradient, ``convolution_backward_weight``: grad @ columns.T.

The double backward is these same three again (the input's gradient is
linear in the gradient and the weight, the weight's in the gradient and the
input), so a gradient made with ``create_graph=True`` differentiates again.

NOTE: PyTorch sends a float32 convolution to oneDNN where ``_onednn`` says
(its ``use_mkldnn``), whose kernels add in a fixed order, modelled here bit
for bit where ``_modelled`` says (checked against PyTorch on this machine's
AVX512 kernels): each output one fused multiply-add at a time over the
kernel positions, then the input channels (at most 16), the bias added
after; the input's gradient likewise over the kernel positions, then the
output channels (at most 16, stride 1: oneDNN's strided kernels take the
columns of some blocks in another order); the weight's and the bias's
gradients split among PyTorch's threads as oneDNN splits them
(``_reduction_parts``, ``_batch_modelled``), each part added in order, the
parts then added in turn. Other convolutions go through PyTorch's own
im2col and BLAS (``_path``: "native"), or numpy's matmul: the same numbers
up to the last bits.
"""
from __future__ import annotations

import functools
import math

import numpy as np

from ..engine import blas
from ..engine.cascade import sum_like_torch
from ..engine.context import CONTEXT
from ..engine.cpu_loop import intra_op_threads
from ..engine.fma import fma32
from ..engine.tensor import Tensor
from ..errors import GradcliError, runtime_error
from .device import invalid_combination
from . import shape
from .oprow import Sample, T, backward_row, row
from .operands import as_index

# ***** the three products *****


def _padded(x, padding):
    """``x`` with ``padding`` zeros on both sides of each spatial dim."""
    if not any(padding):
        return x
    return np.pad(x, ((0, 0), (0, 0)) + tuple((p, p) for p in padding))


def _out_size(size, k, stride, padding, dilation):
    return (size + 2 * padding - dilation * (k - 1) - 1) // stride + 1


def _windows(xp, kernel, out, stride, dilation, writeable=False):
    """The windows of the padded input ``xp`` (N, C, *spatial) as a view
    (N, C, *kernel, *out)."""
    lead, spatial = xp.strides[:2], xp.strides[2:]
    strides = lead + tuple(s * d for s, d in zip(spatial, dilation)) + tuple(s * st for s, st in zip(spatial, stride))
    return np.lib.stride_tricks.as_strided(xp, xp.shape[:2] + tuple(kernel) + tuple(out), strides,
                                           writeable=writeable)


def _columns(x, kernel, out, stride, padding, dilation, groups):
    """The input's windows as (N, groups, channels per group * kernel, positions)."""
    n, c = x.shape[:2]
    win = _windows(_padded(x, padding), kernel, out, stride, dilation)
    size = n * c * math.prod(kernel) * math.prod(out)
    CONTEXT.check_size(size, "convolution's work array")
    return win.reshape(n, groups, c // groups * math.prod(kernel), math.prod(out))


def _calc(a):
    """float16 computes in float32 (PyTorch's accumulate type); others as they are."""
    return a.astype(np.float32) if a.dtype == np.float16 else a


def _path(dtype, input_shape, weight_shape, stride, dilation, groups) -> str:
    """Which of PyTorch's CPU convolutions adds this one up: "onednn" (its
    use_mkldnn), "native" (im2col and BLAS: its slow_conv2d and
    slow_conv3d, and float64) or "other" (other dtypes: numpy's matmul)."""
    if dtype not in (np.float32, np.float64):
        return "other"
    if dtype == np.float32 and _onednn(input_shape, weight_shape, stride, dilation, groups):
        return "onednn"
    return "native"


def conv_array(input, weight, bias, stride, padding, dilation, groups):
    """The convolution of ``input`` (N, C, *spatial) with ``weight``
    (O, C / groups, *kernel), plus ``bias`` (O,) if given."""
    kernel = weight.shape[2:]
    out = tuple(_out_size(s, k, st, p, d) for s, k, st, p, d in zip(input.shape[2:], kernel, stride, padding, dilation))
    n, o = input.shape[0], weight.shape[0]
    path = _path(input.dtype, input.shape, weight.shape, stride, dilation, groups)
    if path == "onednn" and _modelled(input.shape, weight.shape, padding, dilation) and input.shape[1] <= _BLOCK:
        return _ordered_forward(input, weight, bias, out, stride, padding, dilation)
    cols = _columns(_calc(input), kernel, out, stride, padding, dilation, groups)
    w = _calc(weight).reshape(groups, o // groups, -1)
    if path == "native":
        # NOTE: PyTorch's slow_conv2d: per sample (and group) one gemm of
        # the weight and the columns, from the bias copied into the output
        y = np.empty((n, groups, o // groups, cols.shape[3]), input.dtype)
        b = None if bias is None else bias.reshape(groups, o // groups, 1)
        for i, gi in np.ndindex(n, groups):
            a, c = w[gi], np.ascontiguousarray(cols[i, gi])
            if a.shape[0] == 1 and c.shape[1] == 1:
                # NOTE: one output: MKL adds the products in order, then the bias
                y[i, gi] = np.add.accumulate(a[0] * c[:, 0])[-1:, None] if a.shape[1] else 0
                if b is not None:
                    y[i, gi] += b[gi]
                continue
            y[i, gi] = blas.matmul(a, c) if b is None else blas.addmm(b[gi], a, c)
        return y.reshape((n, o) + out)
    y = np.matmul(w, cols).reshape((n, o) + out)
    if bias is not None:
        y += _calc(bias).reshape((o,) + (1,) * len(out))
    return y.astype(input.dtype, copy=False)


def conv_input_grad(g, weight, input_shape, stride, padding, dilation, groups, path=None):
    """The gradient of the convolution's input: each window's share of
    ``weight.T @ g`` added back where the window lies (``path``: the sums'
    order, else PyTorch's for this convolution's gradient)."""
    kernel, out = weight.shape[2:], g.shape[2:]
    n, c = input_shape[:2]
    o = weight.shape[0]
    path = path or _path(g.dtype, input_shape, weight.shape, stride, dilation, groups)
    if path == "onednn" and _modelled(input_shape, weight.shape, padding, dilation) and o <= _BLOCK \
            and all(st == 1 for st in stride):
        return _ordered_input_grad(g, weight, input_shape, stride, padding, dilation)
    w = _calc(weight).reshape(groups, o // groups, -1).transpose(0, 2, 1)
    g2 = _calc(g).reshape(n, groups, o // groups, -1)
    if path == "native":
        cols = np.empty((n, groups, w.shape[1], g2.shape[3]), g.dtype)
        for i, gi in np.ndindex(n, groups):
            cols[i, gi] = blas.matmul(w[gi], g2[i, gi])
    else:
        cols = np.matmul(w, g2)
    cols = cols.reshape((n, c) + tuple(kernel) + tuple(out))
    padded = tuple(s + 2 * p for s, p in zip(input_shape[2:], padding))
    xp = np.zeros((n, c) + padded, cols.dtype)
    win = _windows(xp, kernel, out, stride, dilation, writeable=True)
    # NOTE: PyTorch's col2im adds the kernel positions in order; one
    # position's windows never overlap (stride >= 1), so each += adds every
    # element once
    for k in np.ndindex(*kernel):
        at = (slice(None), slice(None)) + k
        win[at] += cols[at]
    inner = (slice(None), slice(None)) + tuple(slice(p, p + s) for p, s in zip(padding, input_shape[2:]))
    return xp[inner].astype(g.dtype)


def conv_weight_grad(g, input, weight_shape, stride, padding, dilation, groups):
    """The gradient of the convolution's weight: ``g @ columns.T``, summed
    over the batch."""
    kernel, out = tuple(weight_shape[2:]), g.shape[2:]
    n = input.shape[0]
    o = weight_shape[0]
    path = _path(g.dtype, input.shape, weight_shape, stride, dilation, groups)
    if path == "onednn" and _modelled(input.shape, weight_shape, padding, dilation) \
            and _batch_modelled(input.shape, o, stride) \
            and n * math.prod(out) <= _STEPS:
        return _ordered_weight_grad(g, input, weight_shape, stride, padding, dilation)
    cols = _columns(_calc(input), kernel, out, stride, padding, dilation, groups)
    k = cols.shape[2]
    g2 = _calc(g).reshape(n, groups, o // groups, -1)
    if path == "native":
        # NOTE: PyTorch's slow_conv2d adds each sample's product into the
        # gradient (one gemm with beta = 1): the first onto zeros, which is
        # the product alone
        acc = np.empty((groups, o // groups, k), g.dtype)
        for i, gi in np.ndindex(n, groups):
            product = (blas.matmul if i == 0 else functools.partial(blas.addmm, acc[gi]))
            acc[gi] = product(g2[i, gi], cols[i, gi].T)
        return acc.reshape(weight_shape)
    # the batch joins the positions: one product per group
    lhs = g2.transpose(1, 2, 0, 3).reshape(groups, o // groups, -1)
    rhs = cols.transpose(1, 0, 3, 2).reshape(groups, -1, k)
    return np.matmul(lhs, rhs).reshape(weight_shape).astype(g.dtype)


def conv_bias_grad(g, input, weight, path="other"):
    """The gradient of the bias: ``g`` summed over all but its channels, in
    the order of the ``path`` the convolution of ``input`` and ``weight`` took."""
    channels = input.shape[1]
    axes = (0,) + tuple(range(2, g.ndim))
    if path == "onednn":
        parts = []
        for runs in _reduction_parts(g.shape[0], channels, g.shape[2:]):
            if runs:
                at = (lambda i, r0, r1: g[i]) if g.ndim == 3 else (lambda i, r0, r1: g[i, :, r0:r1])
                rows = np.concatenate([at(*run).reshape(g.shape[1], -1) for run in runs], axis=1)
                parts.append(np.add.accumulate(rows, axis=1, dtype=g.dtype)[:, -1])
        return _added(parts, (g.shape[1],), g.dtype)
    if path == "native":
        return sum_like_torch(g, axes, False)         # PyTorch's sum over all dims but the channels
    return _calc(g).sum(axis=axes).astype(g.dtype)


# ***** oneDNN's order *****

_BLOCK = 16             # channels oneDNN's float32 kernels add in one run
_STEPS = 1 << 14        # batch times positions up to which the weight's gradient follows oneDNN's order


def _onednn(input_shape, weight_shape, stride, dilation, groups) -> bool:
    """Whether PyTorch's CPU convolution runs this float32 one through
    oneDNN (its ConvParams::use_mkldnn; a 1-D convolution is a 2-D one of
    height 1; PyTorch reads a 3-D one's sizes as a 2-D one's), for the
    shapes whose order is modelled here (no groups)."""
    if groups != 1:
        return False
    n, kw = input_shape[0], weight_shape[-1]
    kh = weight_shape[-2] if len(weight_shape) >= 4 else 1
    first = (any(s != 1 for s in stride) or any(d != 1 for d in dilation) or n >= 16 or kw != 1 or kh != 1
             or intra_op_threads() > 1)
    return first and ((kw > 3 and kh > 3) or n > 1 or math.prod(input_shape[:4]) > 20480)


def _modelled(input_shape, weight_shape, padding, dilation) -> bool:
    """Whether oneDNN's order is modelled for this convolution: a kernel of
    more than one element (a 1x1 convolution has kernels of its own), no
    dilation, padding of at most half the kernel, an input at least as
    large as the kernel."""
    kernel = weight_shape[2:]
    return (math.prod(kernel) > 1 and all(d == 1 for d in dilation)
            and all(p <= k // 2 and s >= k for p, k, s in zip(padding, kernel, input_shape[2:])))


def _batch_modelled(input_shape, out_channels, stride) -> bool:
    """Whether oneDNN's split of the weight's gradient among threads is
    modelled (stride 1): one sample; or a batch that the threads share in
    whole samples (whose split by rows is the same), of fewer than 16
    output channels and of 1 to 3 input channels or whole blocks of 16
    (with others oneDNN splits otherwise). 1-D and 2-D convolutions only:
    how oneDNN splits a 3-D one is not modelled."""
    n, c = input_shape[:2]
    if len(input_shape) > 4 or any(s != 1 for s in stride):
        return False
    return n == 1 or (n % intra_op_threads() == 0 and out_channels < _BLOCK and (c <= 3 or c % _BLOCK == 0))


def _balance(n):
    """oneDNN's split of ``n`` units of work among PyTorch's threads
    (balance211): (start, stop) per thread."""
    threads = intra_op_threads()
    big = -(-n // threads)
    many = n - (big - 1) * threads
    bounds, start = [], 0
    for t in range(threads):
        size = big if t < many else big - 1
        bounds.append((start, start + size))
        start += size
    return bounds


def _reduction_parts(n, c, out):
    """How oneDNN splits the sum over the batch and the positions of the
    weight's and the bias's gradients among the threads: per thread, its
    (sample, first row, end row) runs, in order (rows of the output's
    height; a 1-D convolution has one). Each thread takes whole samples,
    except for a first convolution (at most 3 input channels) or one of
    whole blocks of 16 channels with 18 or more output rows, whose threads
    take rows of the samples in turn. NOTE: oneDNN picks between these by
    its own cost model; this rule is what PyTorch does on the shapes
    tests/test_convolution.py checks."""
    rows = out[0] if len(out) == 2 else 1
    if rows >= 18 and (c <= 3 or c % _BLOCK == 0):
        units = [(i, r) for i in range(n) for r in range(rows)]
        return [[(i, r, r + 1) for i, r in units[a:b]] for a, b in _balance(len(units))]
    return [[(i, 0, rows) for i in range(a, b)] for a, b in _balance(n)]


def _added(parts, shape_, dtype):
    """The threads' partial sums added in turn."""
    total = np.zeros(shape_, dtype)
    for p in parts:
        total = total + p
    return total


def _ordered_forward(x, w, bias, out, stride, padding, dilation):
    win = _windows(_padded(x, padding), w.shape[2:], out, stride, dilation)
    o, c = w.shape[:2]
    spatial = (1,) * len(out)
    acc = np.zeros((x.shape[0], o) + out, np.float32)
    for k in np.ndindex(*w.shape[2:]):
        for ci in range(c):
            at = (slice(None), ci) + k
            acc = fma32(win[at][:, None], w[at].reshape((1, o) + spatial), acc)
    if bias is not None:
        acc += bias.reshape((o,) + spatial)
    return acc


def _ordered_input_grad(g, w, input_shape, stride, padding, dilation):
    kernel, out = w.shape[2:], g.shape[2:]
    o, c = w.shape[:2]
    padded = tuple(s + 2 * p for s, p in zip(input_shape[2:], padding))
    xp = np.zeros(tuple(input_shape[:2]) + padded, np.float32)
    win = _windows(xp, kernel, out, stride, dilation, writeable=True)
    spatial = (1,) * len(out)
    for k in np.ndindex(*kernel):
        at = (slice(None), slice(None)) + k
        for oi in range(o):
            win[at] = fma32(g[:, oi][:, None], w[(oi, slice(None)) + k].reshape((1, c) + spatial), win[at])
    inner = (slice(None), slice(None)) + tuple(slice(p, p + s) for p, s in zip(padding, input_shape[2:]))
    return xp[inner]


def _positions(out, r0, r1):
    """The output positions of rows ``r0`` to ``r1`` (a 1-D output: all), in order."""
    if len(out) == 1:
        return ((q,) for q in range(out[0]))
    return ((r, q) for r in range(r0, r1) for q in range(out[1]))


def _ordered_weight_grad(g, x, weight_shape, stride, padding, dilation):
    kernel, out = tuple(weight_shape[2:]), g.shape[2:]
    win = _windows(_padded(x, padding), kernel, out, stride, dilation)
    lead = (weight_shape[0],) + (1,) * (len(weight_shape) - 1)
    parts = []
    for runs in _reduction_parts(x.shape[0], x.shape[1], out):
        acc = np.zeros(weight_shape, np.float32)
        for i, r0, r1 in runs:
            for pos in _positions(out, r0, r1):
                acc = fma32(g[(i, slice(None)) + pos].reshape(lead), win[(i, slice(None), Ellipsis) + pos][None], acc)
        if runs:
            parts.append(acc)
    return _added(parts, weight_shape, np.float32)


# ***** rows *****

_GEOMETRY = ("stride", "padding", "dilation", "groups")


def _geometry(attrs):
    return {k: attrs[k] for k in _GEOMETRY}


def _input_rule(m, g, out, input, weight, bias, **attrs):
    return m.convolution_backward_input(g, weight, input_shape=tuple(input.shape), **attrs)


def _weight_rule(m, g, out, input, weight, bias, **attrs):
    return m.convolution_backward_weight(g, input, weight_shape=tuple(weight.shape), **attrs)


def _bias_rule(m, g, out, input, weight, bias, **attrs):
    path = _path(m.data(g).dtype, tuple(input.shape), tuple(weight.shape), attrs["stride"], attrs["dilation"],
                 attrs["groups"])
    if path == "onednn" and not (_modelled(input.shape, weight.shape, attrs["padding"], attrs["dilation"])
                                 and _batch_modelled(input.shape, weight.shape[0], attrs["stride"])):
        path = "other"
    return m.convolution_backward_bias(g, input, weight, path=path)


def recorded(op):
    """``op`` (a row of an input, a weight and a bias or None) with its
    call: the forward on their arrays, recorded."""
    def call(input, weight, bias, **attrs):
        arrays = (input.data, weight.data, None if bias is None else bias.data)
        return op.apply((input, weight, bias), attrs, op.forward(*arrays, **attrs))
    op.call = call
    return op


_conv_row = recorded(row("convolution", "ConvolutionBackward0", conv_array,
                         {"input": _input_rule, "weight": _weight_rule, "bias": _bias_rule},
                         via="conv1d, conv2d, conv3d"))

backward_row(
    "convolution_backward_input", "ConvolutionBackwardBackward0", conv_input_grad,
    {"grad_output": lambda m, gg, out, g, weight, input_shape, **geo: m.convolution(gg, weight, None, **geo),
     "weight": lambda m, gg, out, g, weight, input_shape, **geo:
        m.convolution_backward_weight(g, gg, weight_shape=tuple(weight.shape), **geo)})
backward_row(
    "convolution_backward_weight", "ConvolutionBackwardBackward0", conv_weight_grad,
    {"grad_output": lambda m, gg, out, g, input, weight_shape, **geo: m.convolution(input, gg, None, **geo),
     "input": lambda m, gg, out, g, input, weight_shape, **geo:
        m.convolution_backward_input(g, gg, input_shape=tuple(input.shape), **geo)})
# NOTE: PyTorch's one ConvolutionBackwardBackward0 node makes all three
# gradients, so the bias's, though a sum of the incoming gradient alone,
# also hangs on the input and the weight (with zero derivatives)
backward_row(
    "convolution_backward_bias", "ConvolutionBackwardBackward0", conv_bias_grad,
    {"grad_output": lambda m, gg, out, g, input, weight, path:
        m.expand(m.reshape(gg, (1, -1) + (1,) * (len(g.shape) - 2)), tuple(g.shape)),
     "input": lambda m, gg, out, g, input, weight, path: m.zeros_like(input),
     "weight": lambda m, gg, out, g, input, weight, path: m.zeros_like(weight)})


# ***** reading and checking the arguments *****

def _overloads(nd):
    ints = "tuple of ints stride = 1, {}, tuple of ints dilation = 1, int groups = 1"
    head = "(Tensor input, Tensor weight, Tensor bias = None, "
    return [head + ints.format("tuple of ints padding = 0") + ")",
            head + ints.format('str padding = "valid"') + ")"]


_PARAMS = ("input", "weight", "bias", "stride", "padding", "dilation", "groups")


def int_seq(v, nd):
    """An ``int[nd]`` argument as PyTorch's parser reads it (an int is
    repeated), or None."""
    if type(v) is bool:
        return None
    n = as_index(v)
    if n is not None:
        return [n] * nd
    if isinstance(v, (list, tuple)) and all(type(s) is not bool and as_index(s) is not None for s in v):
        return [as_index(s) for s in v]
    return None


def _bind(name, nd, args, kwargs):
    """The seven parameters of ``conv{nd}d``, or PyTorch's TypeError."""
    def bad():
        return invalid_combination(name, args, kwargs, _overloads(nd))
    if len(args) > len(_PARAMS) or any(k not in _PARAMS for k in kwargs) \
            or any(k in kwargs for k in _PARAMS[:len(args)]):
        raise bad()
    given = dict(zip(_PARAMS, args), **kwargs)
    if "input" not in given or "weight" not in given:
        raise bad()
    x, w, b = given["input"], given["weight"], given.get("bias")
    if type(x) is not Tensor or type(w) is not Tensor or (b is not None and type(b) is not Tensor):
        raise bad()
    stride, dilation = (int_seq(given.get(k, 1), nd) for k in ("stride", "dilation"))
    padding = given.get("padding", 0)
    if not isinstance(padding, str):
        padding = int_seq(padding, nd)
    groups = given.get("groups", 1)
    groups = None if type(groups) is bool else as_index(groups)
    if None in (stride, dilation, padding, groups):
        raise bad()
    return x, w, b, stride, padding, dilation, groups


def expanded(values, what, dim):
    """PyTorch's expand_param_if_needed."""
    if len(values) == 1:
        return (values[0],) * dim
    if len(values) != dim:
        raise runtime_error(f"expected {what} to be a single integer value or a list of {dim} values to match the "
                            f"convolution dimensions, but got {what}={list(values)}")
    return tuple(values)


def sizes(shape) -> str:
    return "[" + ", ".join(str(s) for s in shape) + "]"


def check_steps(stride, padding):
    """PyTorch's check_shape_forward on the padding and the stride (a
    convolution's and a transposed one's)."""
    if any(p < 0 for p in padding):
        raise runtime_error("negative padding is not supported")
    if any(s <= 0 for s in stride):
        raise runtime_error("non-positive stride is not supported")


def check_groups(x, w, groups):
    """PyTorch's check_shape_forward on the weight's rank and the groups."""
    ws = w.shape
    if len(ws) != x.ndim:
        raise runtime_error(f"Expected {len(ws)}-dimensional input for {len(ws)}-dimensional weight {sizes(ws)}, "
                            f"but got {x.ndim}-dimensional input of size {sizes(x.shape)} instead")
    if ws[0] < groups:
        raise runtime_error(f"Given groups={groups}, expected weight to be at least {groups} at dimension 0, but got "
                            f"weight of size {sizes(ws)} instead")
    if ws[0] % groups:
        raise runtime_error(f"Given groups={groups}, expected weight to be divisible by {groups} at dimension 0, but "
                            f"got weight of size [{sizes(ws)}] instead")


def _check_shapes(x, w, b, stride, padding, dilation, groups):
    """PyTorch's check_shape_forward."""
    check_steps(stride, padding)
    if any(d <= 0 for d in dilation):
        raise runtime_error(f"dilation should be greater than zero, but got {list(dilation)}")
    check_groups(x, w, groups)
    ws = w.shape
    if x.shape[1] != ws[1] * groups:
        raise runtime_error(f"Given groups={groups}, weight of size {sizes(ws)}, expected input{sizes(x.shape)} to "
                            f"have {ws[1] * groups} channels, but got {x.shape[1]} channels instead")
    if b is not None and (b.ndim != 1 or b.shape[0] != ws[0]):
        raise runtime_error(f"Given weight of size {sizes(ws)}, expected bias to be 1-dimensional with {ws[0]} "
                            f"elements, but got bias of size {sizes(b.shape)} instead")
    padded = [s + 2 * p for s, p in zip(x.shape[2:], padding)]
    kernel = [d * (k - 1) + 1 for d, k in zip(dilation, ws[2:])]
    if any(p < k for p, k in zip(padded, kernel)):
        raise runtime_error(f"Calculated padded input size per channel: ({' x '.join(map(str, padded))}). Kernel "
                            f"size: ({' x '.join(map(str, kernel))}). Kernel size can't be greater than actual input "
                            "size")


_SAME_WARNING = ("Using padding='same' with even kernel lengths and odd dilation may require a zero-padded copy of "
                 "the input be created (Triggered internally at "
                 "/__w/pytorch/pytorch/aten/src/ATen/native/Convolution.cpp:1101.)")


def _same_padding(x, w, stride, dilation):
    """PyTorch's _convolution_same: the padding that keeps each size, and the
    input padded on one side first where that padding is odd."""
    k = w.ndim
    dim = k - 2
    if k != x.ndim:
        raise runtime_error(f"Expected {k}-dimensional input for {k}-dimensional weight{sizes(w.shape)}, but got "
                            f"{x.ndim}-dimensional input of size {sizes(x.shape)} instead")
    for what, values in (("stride", stride), ("dilation", dilation)):
        if len(values) not in (dim, 1):
            raise runtime_error(f"{what} cannot broadcast to {dim} dimensions")
    if any(s != 1 for s in stride):
        raise runtime_error("padding='same' is not supported for strided convolutions")
    dilation = expanded(dilation, "dilation", dim)
    left, right = [], []
    for i in range(dim):
        total = dilation[i] * (w.shape[i + 2] - 1)
        left.append(total // 2)
        right.append(total - total // 2)
    if left == right:
        return x, tuple(left)
    CONTEXT.warning(_SAME_WARNING)
    pad = [0] * (2 * dim)
    for i in range(dim):
        pad[2 * (dim - 1 - i) + 1] = right[i] - left[i]
    from .padding import constant_pad_nd
    return constant_pad_nd(x, pad, 0), tuple(left)


def dtype_name(t) -> str:
    """``dtype().name()`` in PyTorch's C++ ("float", "long int")."""
    return {"float32": "float", "float64": "double", "int64": "long int", "int32": "int", "int16": "short int",
            "int8": "signed char", "uint8": "unsigned char", "bool": "bool", "float16": "c10::Half",
            "bfloat16": "c10::BFloat16"}.get(t.data.dtype.name, t.data.dtype.name)


def batchify(x, w, groups, nd, name):
    """PyTorch's batchify (an unbatched input gains a batch of one) and
    _convolution's first checks: (the input, whether it was batched)."""
    if x.data.ndim not in (nd + 1, nd + 2):
        raise runtime_error(f"Expected {nd + 1}D (unbatched) or {nd + 2}D (batched) input to {name}, but got input "
                            f"of size: {sizes(x.shape)}")
    batched = x.data.ndim == nd + 2
    if not batched:
        x = shape.unsqueeze(x, 0)
    if w.data.ndim < 3:
        raise runtime_error("weight should have at least three dimensions")
    if groups <= 0:
        raise runtime_error("non-positive groups is not supported")
    return x, batched


def convolution(name, nd, args, kwargs):
    """``conv{nd}d(input, weight, bias=None, stride=1, padding=0,
    dilation=1, groups=1)``: PyTorch's conv1d/2d/3d."""
    x, w, b, stride, padding, dilation, groups = _bind(name, nd, args, kwargs)
    if b is not None and b.data.dtype != x.data.dtype:
        raise runtime_error(f"Input type ({dtype_name(x)}) and bias type ({dtype_name(b)}) should be the same")
    x, batched = batchify(x, w, groups, nd, name)
    dim = w.data.ndim - 2
    if isinstance(padding, str):
        if padding not in ("same", "valid"):
            raise runtime_error(f"Invalid padding string: '{padding}'")
        if padding == "same":
            x, padding = _same_padding(x, w, stride, dilation)
        else:
            padding = (0,) * dim
    stride = expanded(stride, "stride", dim)
    padding = expanded(padding, "padding", dim)
    dilation = expanded(dilation, "dilation", dim)
    _check_shapes(x.data, w.data, None if b is None else b.data, stride, padding, dilation, groups)
    if w.data.dtype != x.data.dtype:
        raise runtime_error(f"expected scalar type {x.dtype.torch_type[:-6]} but found {w.dtype.torch_type[:-6]}")
    if x.data.dtype == np.bool_:
        raise GradcliError("NotImplementedError", f"\"slow_conv{dim}d_cpu\" not implemented for 'Bool'")
    y = _conv_row.call(x, w, b, stride=stride, padding=padding, dilation=dilation, groups=groups)
    return y if batched else shape.squeeze(y, 0)


def front_rows(prefix, fn, args, samples_by_nd):
    """The public rows ``{prefix}1d``/``2d``/``3d``: ``fn(name, nd, args,
    kwargs)`` under each name, with the rows' samples."""
    def bound(name, nd):
        def call(*a, **k):
            return fn(name, nd, a, k)
        call.__name__ = call.__qualname__ = name
        return call

    for nd, samples in samples_by_nd:
        name = f"{prefix}{nd}d"
        call = bound(name, nd)
        row(name, "ConvolutionBackward0", None, forms=("torch", "F", "bare"), call=call, args=args,
            doc="SqueezeBackward1 for an unbatched input", samples=samples)


front_rows("conv", convolution, "input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1", (
        (1, (Sample(T((2, 3, 7)), T((4, 3, 3)), T((4,))), Sample(T((3, 7)), T((4, 3, 2)), None, 2, 1),
             Sample(T((1, 4, 9)), T((4, 2, 3)), T((4,)), 1, "same", 2, 2))),
        (2, (Sample(T((2, 2, 5, 5)), T((3, 2, 3, 3)), T((3,))), Sample(T((2, 5, 6)), T((3, 2, 2, 3)), None, (2, 1), 1),
             Sample(T((1, 4, 6, 5)), T((2, 2, 3, 2)), T((2,)), 1, (1, 0), (2, 1), 2),
             Sample(T((1, 2, 5, 5)), T((3, 2, 2, 2)), None, padding="same"))),
        (3, (Sample(T((1, 2, 4, 4, 3)), T((2, 2, 2, 3, 2)), T((2,))),))))
