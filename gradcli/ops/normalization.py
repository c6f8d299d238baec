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
from ..engine.tensor import Tensor
from .operands import as_tensor, int_tuple, type_name  # noqa: F401 (int_tuple: shared)
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

def row_moments(rows):
    """``(mean, biased variance)`` of each row (M, N), by RowwiseMoments where it is followed."""
    dt = rows.dtype
    if exact_kind(rows) and rows.size:
        return rowwise_moments(rows)
    mean = np.mean(rows, axis=1) if rows.shape[1] else np.full(rows.shape[0], np.nan, dt)
    var = np.var(rows, axis=1) if rows.shape[1] else np.full(rows.shape[0], np.nan, dt)
    return mean, var


def layer_norm_rows(x2, gamma, beta, eps):
    """``(y, mean, rstd)`` of LayerNormKernelImpl for rows (M, N)."""
    dt = x2.dtype
    mean, var = row_moments(x2)
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
        if which == "weight":
            # every row's a * x + b at once; the rows' terms then go into the buffer one by one
            a = np.broadcast_to(rstd[:, None], x2.shape)
            inner = fma(a, x2, np.broadcast_to((-rstd * mean)[:, None], x2.shape))
        for start, stop in parallel_parts(x2.shape[0]):
            if which == "weight":
                buf = np.zeros(n, dt)
                for i in range(start, stop):
                    buf = fma(dy[i], inner[i], buf)
            else:
                buf = np.add.accumulate(dy[start:stop], axis=0)[-1] + dt.type(0) if stop > start else np.zeros(n, dt)
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
    shape_ = int_tuple(normalized_shape, "layer_norm", "normalized_shape", 2)
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


# ***** batch_norm *****
# NOTE: PyTorch's CPU batch norm (batch_norm_kernel.cpp) takes one of two
# layouts: an input whose "image" (dims past the channel) has one element,
# (N, C), is read as channels-last rows of C values, summed into one buffer
# per thread; any other contiguous input channel by channel, plane by plane.
# Sums of float32 go through double where the kernel says so; which
# multiply-adds are fused was found by comparing with PyTorch 2.13.

_F64 = np.float64


def _threads_sum(rows_fn, rows: int, width: int, dt, plain=None):
    """Per-thread buffers of a channels-last reduction (``rows_fn(buf, i)``
    adds row ``i`` into ``buf``; ``plain``: the rows, when that is a plain
    sum), added across the threads in double."""
    total = np.zeros(width, _F64)
    for start, stop in parallel_parts(rows):
        if plain is not None:
            buf = np.add.accumulate(plain[start:stop], axis=0)[-1] + dt.type(0)
        else:
            buf = np.zeros(width, dt)
            for i in range(start, stop):
                buf = rows_fn(buf, i)
        total = total + buf.astype(_F64)
    return total


def bn_stats(x):
    """``(mean, var_sum)`` per channel of a contiguous float input (N, C,
    ...) as batch_norm_cpu_collect_stats computes them."""
    dt = x.dtype
    fma = _fma(dt)
    n_batch, channels = x.shape[0], x.shape[1]
    image = math.prod(x.shape[2:])
    n = n_batch * image
    if image == 1:
        rows = x.reshape(n, channels)
        threads = intra_op_threads()
        if n > threads:
            mean = (_threads_sum(None, n, channels, dt, plain=rows) / n).astype(dt)
            centered = rows - mean
            var_sum = _threads_sum(lambda buf, i: fma(centered[i], centered[i], buf), n, channels, dt).astype(dt)
        elif threads == 1 or channels <= 16 or channels > 2048:
            total = np.zeros(channels, dt)
            for i in range(n):
                total = total + rows[i]
            mean = total / dt.type(n)
            centered = rows - mean
            var_sum = np.zeros(channels, dt)
            for i in range(n):
                var_sum = fma(centered[i], centered[i], var_sum)
        else:
            mean = (np.add.accumulate(rows.astype(_F64), axis=0)[-1] / n).astype(dt)
            var_sum = _squares_in_order(rows - mean, n)
        return mean, var_sum
    planes = x.reshape(n_batch, channels, image).transpose(1, 0, 2).reshape(channels, n)
    mean = (np.add.accumulate(planes.astype(_F64), axis=1)[:, -1] / n).astype(dt)
    var_sum = _squares_in_order((planes - mean[:, None]).T, image)
    return mean, var_sum


def _squares_in_order(centered, run):
    """The sum of squares down each column of ``centered`` (n, C), one
    after another in double. NOTE: float32 squares are rounded before they
    are added (float into double); in float64 the compiler unrolled the
    kernel's inner loop (``run`` elements) by two and fused the multiply-add
    of the odd one left at the end of each run only."""
    if centered.dtype != _F64:
        return np.add.accumulate((centered * centered).astype(_F64), axis=0)[-1].astype(centered.dtype)
    squares = centered * centered
    if run % 2 == 0:
        return np.add.accumulate(squares, axis=0)[-1] + 0.0
    total = np.zeros(centered.shape[1], _F64)
    for start in range(0, centered.shape[0], run):
        # the run's first elements added in order from the total, then the last one fused
        head = np.concatenate([total[None], squares[start:start + run - 1]])
        last = centered[start + run - 1]
        total = fma64(last, last, np.add.accumulate(head, axis=0)[-1])
    return total


def _channel_shape(x):
    return (1, x.shape[1]) + (1,) * (x.ndim - 2)


def _bn_forward(x, w, b, training, mean, invstd, eps=1e-5):
    """The output: ``x * alpha + beta`` with ``alpha = invstd * weight`` and
    ``beta = bias - mean * alpha``, each multiply-add fused."""
    dt = x.dtype
    fma = _fma(dt)
    one = np.ones(x.shape[1], dt)
    alpha = invstd * (w if w is not None else one)
    beta = fma(-mean, alpha, b if b is not None else np.zeros(x.shape[1], dt))
    shape_ = _channel_shape(x)
    with np.errstate(all="ignore"):
        return fma(x, np.broadcast_to(alpha.reshape(shape_), x.shape), np.broadcast_to(beta.reshape(shape_), x.shape))


def _bn_reductions(g, x, mean):
    """``(sum of dy, sum of (x - mean) * dy)`` per channel (float), as the
    backward kernel forms them."""
    dt = x.dtype
    fma = _fma(dt)
    n_batch, channels = x.shape[0], x.shape[1]
    image = math.prod(x.shape[2:])
    n = n_batch * image
    if image == 1:
        rows, dy = x.reshape(n, channels), g.reshape(n, channels)
        centered = rows - mean
        total = _threads_sum(None, n, channels, dt, plain=dy).astype(dt)
        dotp = _threads_sum(lambda buf, i: fma(centered[i], dy[i], buf), n, channels, dt).astype(dt)
        return total, dotp
    planes, dy = x.reshape(n_batch, channels, image), g.reshape(n_batch, channels, image)
    lanes = LANES[dt]
    tail = slice(image - image % lanes, image) if image >= lanes else slice(0, 0)
    total = np.zeros(channels, _F64)
    dotp = np.zeros(channels, _F64)
    for i in range(n_batch):
        total = total + _vector_sum(dy[i]).astype(_F64)
        centered = planes[i] - mean[:, None]
        dotp = dotp + _vector_sum(centered * dy[i], centered[:, tail], dy[i][:, tail]).astype(_F64)
    return total, dotp           # double, as the contiguous kernel keeps them


def _bn_backward_mean_invstd(training, mean, invstd, running_var, eps, dt):
    """The mean and invstd the backward kernel uses: the batch's, or in
    eval mode the running mean and ``1 / sqrt(running_var + eps)`` (eps a
    double there, unlike the forward's)."""
    if training:
        return mean, invstd
    with np.errstate(all="ignore"):
        return mean, (1 / np.sqrt(running_var.astype(_F64) + eps)).astype(dt)


def _bn_input_grad_array(g, x, w, training, mean, invstd, running_var, eps):
    dt = x.dtype
    fma = _fma(dt)
    g = np.ascontiguousarray(np.broadcast_to(g, x.shape)).astype(dt, copy=False)
    mean, invstd = _bn_backward_mean_invstd(training, mean, invstd, running_var, eps, dt)
    weight = w if w is not None else np.ones(x.shape[1], dt)
    shape_ = _channel_shape(x)
    with np.errstate(all="ignore"):
        if not training:
            return g * invstd.reshape(shape_) * weight.reshape(shape_)
        n = x.size // x.shape[1]
        total, dotp = _bn_reductions(g, x, mean)
        image = math.prod(x.shape[2:])
        if image == 1:
            k = dotp * invstd * invstd / dt.type(n)
            grad_mean = total / dt.type(n)
        else:
            k = dotp.astype(dt) * invstd * invstd / dt.type(n)
            grad_mean = (total / n).astype(dt)
        centered = x - mean.reshape(shape_)
        K = np.broadcast_to(k.reshape(shape_), x.shape)
        shifted = g - grad_mean.reshape(shape_)
        t = fma(-centered, K, shifted)
        if image == 1:
            # NOTE: the channels-last kernel's partial vector (the last
            # C % 8 channels; 4 in float64) is computed without the fused multiply-add
            rest = x.shape[1] - x.shape[1] % LANES[dt]
            t[:, rest:] = shifted[:, rest:] - centered[:, rest:] * K[:, rest:]
        return t * invstd.reshape(shape_) * weight.reshape(shape_)


def _bn_param_grad_array(g, x, training, mean, invstd, running_var, eps, which):
    dt = x.dtype
    g = np.ascontiguousarray(np.broadcast_to(g, x.shape)).astype(dt, copy=False)
    mean, invstd = _bn_backward_mean_invstd(training, mean, invstd, running_var, eps, dt)
    total, dotp = _bn_reductions(g, x, mean)
    with np.errstate(all="ignore"):
        if which == "bias":
            return total.astype(dt)
        if dotp.dtype == _F64 and dt != _F64:
            return (dotp * invstd.astype(_F64)).astype(dt)
        return (dotp * invstd).astype(dt)


def _bn_stats_tensor(m, x, training, mean, invstd):
    """As recorded ops (for create_graph): when training, the input minus
    the batch's mean and the batch's biased variance; in eval mode the
    input normalised by the running statistics (constants). And the
    reduced dims."""
    axes = (0,) + tuple(range(2, x.data.ndim))
    shape_ = _channel_shape(x.data)
    if not training:
        return (x - m.const(mean.reshape(shape_))) * m.const(invstd.reshape(shape_)), axes, None
    centered = x - m.mean(x, axes)
    return centered, axes, m.mean(centered * centered, axes)


def _bn_input_grad(m, g, out, x, w, b, training, mean, invstd, running_var, eps):
    if not m.is_tensor:
        return _bn_input_grad_array(g, x, w, training, mean, invstd, running_var, eps)
    shape_ = _channel_shape(x.data)
    gw = g if w is None else g * m.reshape(w, shape_)
    if not training:
        _, inv = _bn_backward_mean_invstd(False, mean, invstd, running_var, eps, x.data.dtype)
        return gw * m.const(inv.reshape(shape_))
    centered, axes, var = _bn_stats_tensor(m, x, True, mean, invstd)
    r = (var + eps) ** -0.5
    xhat = centered * r
    return r * (gw - m.mean(gw, axes) - xhat * m.mean(gw * xhat, axes))


def _bn_weight_grad(m, g, out, x, w, b, training, mean, invstd, running_var, eps):
    if not m.is_tensor:
        return _bn_param_grad_array(g, x, training, mean, invstd, running_var, eps, "weight")
    if training:
        centered, axes, var = _bn_stats_tensor(m, x, True, mean, invstd)
        xhat = centered * (var + eps) ** -0.5
    else:
        _, inv = _bn_backward_mean_invstd(False, mean, invstd, running_var, eps, x.data.dtype)
        xhat, axes, _ = _bn_stats_tensor(m, x, False, mean, inv)
    return m.sum(g * xhat, axes, keepdim=False)


def _bn_bias_grad(m, g, out, x, w, b, training, mean, invstd, running_var, eps):
    if not m.is_tensor:
        return _bn_param_grad_array(g, x, training, mean, invstd, running_var, eps, "bias")
    return m.sum(g, (0,) + tuple(range(2, x.data.ndim)), keepdim=False)


def _bn_row_forward(x, w, b, training, mean, invstd, running_var, eps):
    """The row's forward (replayed by ``gradcli check``): the batch's statistics again when training."""
    if training:
        mean, var_sum = bn_stats(np.ascontiguousarray(x))
        n = x.size // x.shape[1]
        invstd = (1 / np.sqrt((var_sum / x.dtype.type(n)).astype(_F64) + eps)).astype(x.dtype)
    return _bn_forward(x, w, b, training, mean, invstd)


row("batch_norm", "NativeBatchNormBackward0", _bn_row_forward,
    {"input": _bn_input_grad, "weight": _bn_weight_grad, "bias": _bn_bias_grad},
    forms=("F", "bare"),
    args="input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-05",
    # NOTE: PyTorch saves the input, weight, running stats and the batch's mean and invstd
    saves=(0, 1),
    samples=(Sample(T((4, 3)), None, None, training=True), Sample(T((4, 3)), None, None, T((3,)), T((3,)), True),
             Sample(T((3, 2, 5)), None, None, T((2,)), None, True, 0.1, 1e-3),
             Sample(T((2, 3, 2, 2)), None, None, None, T((3,)), True),
             Sample(T((4, 3)), T((3,), grad=False), T((3,), low=0.5, high=2.0, grad=False), T((3,)), T((3,)))))


@implements("batch_norm")
def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1,
               eps=1e-05):
    """``F.batch_norm``: a training batch needs more than one value per
    channel, then ``torch.batch_norm``."""
    x = as_tensor(input)
    if training:
        size = x.shape
        if size and size[0] * math.prod(size[2:]) == 1:
            raise GradcliError("ValueError", "Expected more than 1 value per channel when training, got input size "
                               f"torch.Size({list(size)})")
    return torch_batch_norm(x, weight, bias, running_mean, running_var, training, momentum, eps, True)


def torch_batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps, cudnn_enabled):
    """``torch.batch_norm``: normalise over every dim but dim 1, with the
    batch's statistics when ``training`` (and then update the running
    ones in place), else the running ones."""
    x = as_tensor(input)
    if x.data.size == 0:
        # NOTE: PyTorch returns a copy of an empty input (CloneBackward0), times weight[0] plus bias[0]
        out = OPS["clone"].call(x)
        if weight is not None:
            out = OPS["mul"].call(out, as_tensor(weight)[0])
        if bias is not None:
            out = OPS["add"].call(out, as_tensor(bias)[0])
        return out
    if x.data.ndim < 2:
        nd = x.data.ndim
        raise GradcliError("IndexError", f"Dimension out of range (expected to be in range of [{-max(nd, 1)}, "
                           f"{max(nd, 1) - 1}], but got 1)")
    channels = x.shape[1]
    rm = None if running_mean is None else as_tensor(running_mean)
    rv = None if running_var is None else as_tensor(running_var)
    w = None if weight is None else as_tensor(weight)
    b = None if bias is None else as_tensor(bias)
    for t, name in ((rm, "running_mean"), (rv, "running_var")):
        if t is not None:
            if t.data.size != channels:
                raise runtime_error(f"{name} should contain {channels} elements not {t.data.size}")
        elif not training:
            raise runtime_error(f"{name} must be defined in evaluation mode")
    for t, name in ((w, "weight"), (b, "bias")):
        if t is not None and t.data.size != channels:
            raise runtime_error(f"{name} should contain {channels} elements not {t.data.size}")
    _float_kernel(x, "batch_norm")
    _mixed_dtype_check(x, (w, b, rm, rv))
    data = np.ascontiguousarray(x.data)
    dt = data.dtype
    n = data.size // channels
    if training:
        mean, var_sum = bn_stats(data)
        with np.errstate(all="ignore"):
            invstd = (1 / np.sqrt((var_sum / dt.type(n)).astype(_F64) + eps)).astype(dt)
            m = dt.type(momentum)
            if rm is not None:
                rm.data[...] = (m * mean + (dt.type(1) - m) * rm.data.reshape(-1)).reshape(rm.data.shape)
                rm.bump_version()
            if rv is not None:
                unbiased = (var_sum / dt.type(n - 1)).astype(_F64)
                rv.data[...] = (_F64(m) * unbiased
                                + ((dt.type(1) - m) * rv.data.reshape(-1)).astype(_F64)).astype(dt).reshape(rv.data.shape)
                rv.bump_version()
        running_var_arr = None
    else:
        mean = rm.data.reshape(-1).astype(dt, copy=True)
        running_var_arr = rv.data.reshape(-1).astype(dt, copy=True)
        with np.errstate(all="ignore"):
            invstd = dt.type(1) / np.sqrt(running_var_arr + dt.type(eps))
    flat = lambda t: None if t is None else t.data.reshape(-1)   # noqa: E731
    y = _bn_forward(data, flat(w), flat(b), training, mean, invstd)
    attrs = {"training": bool(training), "mean": mean, "invstd": invstd, "running_var": running_var_arr, "eps": eps}
    return OPS["batch_norm"].apply((x, w, b), attrs, y)


# ***** instance_norm: batch_norm of every (sample, channel) as a channel *****

@implements("instance_norm")
def instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None, use_input_stats=True,
                  momentum=0.1, eps=1e-05):
    """``F.instance_norm``: ATen's composition — the input viewed as
    (1, N * C, ...) (ViewBackward0), weight and bias repeated N times
    (RepeatBackward0), ``batch_norm`` (NativeBatchNormBackward0), the
    result viewed back; running statistics (repeated for batch_norm to
    update) are then the mean over the batch of the updated copies."""
    x = as_tensor(input)
    if use_input_stats:
        if math.prod(x.shape[2:]) == 1:
            raise GradcliError("ValueError", "Expected more than 1 spatial element when training, got input size "
                               f"torch.Size({list(x.shape)})")
    if not use_input_stats and (running_mean is None or running_var is None):
        raise runtime_error("Expected running_mean and running_var to be defined when use_input_stats is false")
    if x.data.ndim < 2:
        nd = x.data.ndim
        raise GradcliError("IndexError", f"Dimension out of range (expected to be in range of [{-max(nd, 1)}, "
                           f"{max(nd, 1) - 1}], but got 1)")
    b, c = x.shape[0], x.shape[1]
    repeat, view = OPS["repeat"].call, OPS["view"].call

    def repeated(t):
        return None if t is None else repeat(as_tensor(t), b)

    w, bi, rm, rv = repeated(weight), repeated(bias), repeated(running_mean), repeated(running_var)
    shape_ = (1, b * c) + tuple(x.shape[2:])
    flat = view(OPS["contiguous"].call(x), shape_)
    out = torch_batch_norm(flat, w, bi, rm, rv, use_input_stats, momentum, eps, True)
    for target, copy in ((running_mean, rm), (running_var, rv)):
        if target is not None:
            averaged = OPS["mean"].call(Tensor(copy.data.reshape(b, c)), 0)
            target.data[...] = averaged.data.reshape(target.data.shape).astype(target.data.dtype)
            target.bump_version()
    return view(out, tuple(x.shape))


row("instance_norm", "ViewBackward0", None, forms=("F", "bare"),
    args="input, running_mean=None, running_var=None, weight=None, bias=None, use_input_stats=True, "
         "momentum=0.1, eps=1e-05",
    samples=(Sample(T((2, 3, 4))), Sample(T((2, 3, 2, 3)), None, None, T((3,)), T((3,))),
             Sample(T((1, 2, 5)), eps=1e-3)))


# ***** group_norm *****
# NOTE: PyTorch's CPU kernel (group_norm_kernel.cpp, contiguous input): the
# moments of each (sample, group) row by RowwiseMoments, rstd in double
# (eps is a double there); the backward forms per (sample, channel) ds =
# sum dy * x and db = sum dy, then per group c2, c3 and each element
# c1 * dy + c2 * x + c3. Which multiply-adds its compiler fused was found by
# comparing with PyTorch 2.13.

def _gn_shape(x, groups):
    n, c = x.shape[0], x.shape[1]
    return n, c, groups, c // groups, math.prod(x.shape[2:])


def _gn_forward(x, w, b, groups, eps, mean=None, rstd=None):
    """``(y, mean, rstd)`` of GroupNormKernelImpl; mean and rstd of shape (N, G)."""
    dt = x.dtype
    n, c, g, d, hw = _gn_shape(x, groups)
    rows = np.ascontiguousarray(x).reshape(n * g, d * hw)
    mean, var = row_moments(rows)
    with np.errstate(all="ignore"):
        rstd = (1 / np.sqrt(np.maximum(var, 0).astype(_F64) + eps)).astype(dt)
        if w is None and b is None:
            y = (rows - mean[:, None]) * rstd[:, None]
        else:
            gamma = np.ones(c, dt) if w is None else w.reshape(-1)
            beta = np.zeros(c, dt) if b is None else b.reshape(-1)
            scale = rstd.reshape(n, g, 1) * gamma.reshape(1, g, d)
            bias = _fma(dt)(-scale, mean.reshape(n, g, 1), np.broadcast_to(beta.reshape(1, g, d), scale.shape))
            planes = rows.reshape(n, c, hw)
            y = _fma(dt)(np.broadcast_to(scale.reshape(n, c, 1), planes.shape), planes,
                         np.broadcast_to(bias.reshape(n, c, 1), planes.shape))
    return y.reshape(x.shape).astype(dt, copy=False), mean.reshape(n, g), rstd.reshape(n, g)


def _gn_internal(g, x, groups):
    """``ds`` and ``db`` (N, C): sums over each plane of dy * x and of dy."""
    n, c, _, _, hw = _gn_shape(x, groups)
    dy = np.ascontiguousarray(np.broadcast_to(g, x.shape)).astype(x.dtype, copy=False).reshape(n * c, hw)
    xs = np.ascontiguousarray(x).reshape(n * c, hw)
    lanes = LANES.get(x.dtype, 8)
    tail = slice(hw - hw % lanes, hw) if hw >= lanes else slice(0, 0)
    with np.errstate(all="ignore"):
        # NOTE: the partial vector's multiply-add is fused in float64 only
        if x.dtype == _F64:
            ds = _vector_sum(dy * xs, dy[:, tail], xs[:, tail])
        else:
            ds = _vector_sum(dy * xs)
        db = _vector_sum(dy)
    return dy, xs, ds.reshape(n, c), db.reshape(n, c)


def _gn_input_grad_array(g, x, w, groups, mean, rstd):
    dt = x.dtype
    fma = _fma(dt)
    n, c, gs, d, hw = _gn_shape(x, groups)
    if x.size == 0:
        return np.zeros(x.shape, dt)
    dy, xs, ds, db = _gn_internal(g, x, groups)
    gamma = np.ones(c, dt) if w is None else w.reshape(-1)
    s = dt.type(1) / dt.type(d * hw)
    lanes = LANES.get(dt, 8)
    whole = d // lanes * lanes
    with np.errstate(all="ignore"):
        dsr, dbr = ds.reshape(n, gs, d), db.reshape(n, gs, d)
        gamma_g = gamma.reshape(gs, d)
        # whole vectors of the group's channels lane by lane, the lanes then in order, the rest one by one
        ds_val = np.zeros((n, gs), dt)
        db_val = np.zeros((n, gs), dt)
        if whole:
            ds_acc = np.zeros((n, gs, lanes), dt)
            db_acc = np.zeros((n, gs, lanes), dt)
            for j in range(0, whole, lanes):
                ds_acc = fma(dsr[:, :, j:j + lanes], gamma_g[:, j:j + lanes], ds_acc)
                db_acc = fma(dbr[:, :, j:j + lanes], gamma_g[:, j:j + lanes], db_acc)
            for k in range(lanes):
                ds_val = ds_val + ds_acc[:, :, k]
                db_val = db_val + db_acc[:, :, k]
        for j in range(whole, d):
            ds_val = fma(dsr[:, :, j], gamma_g[:, j], ds_val)
            db_val = fma(dbr[:, :, j], gamma_g[:, j], db_val)
        c2 = fma(db_val, mean, -ds_val) * rstd * rstd * rstd * s
        c3 = fma(-db_val * rstd, s, -c2 * mean)
        c1 = (rstd.reshape(n, gs, 1) * gamma_g.reshape(1, gs, d)).reshape(n * c, 1)
        c2e = np.repeat(c2.reshape(n * gs, 1), d, axis=0)
        c3e = np.repeat(c3.reshape(n * gs, 1), d, axis=0)
        dx = fma(np.broadcast_to(c1, xs.shape), dy, c2e * xs) + c3e
    return dx.reshape(x.shape)


def _gn_param_grad_array(g, x, groups, mean, rstd, which):
    dt = x.dtype
    fma = _fma(dt)
    n, c, gs, d, _ = _gn_shape(x, groups)
    _, _, ds, db = _gn_internal(g, x, groups)
    total = np.zeros(c, dt)
    with np.errstate(all="ignore"):
        for i in range(n):
            if which == "bias":
                total = total + db[i]
            else:
                m_ = np.repeat(mean[i], d)
                r_ = np.repeat(rstd[i], d)
                total = fma(fma(-db[i], m_, ds[i]), r_, total)
    return total


def _gn_stats_tensor(m, x, groups, eps):
    """The normalised input (N, G, rest) and its rstd as recorded ops (for create_graph)."""
    n = x.data.shape[0]
    rows = m.reshape(x, (n, groups, -1))
    centered = rows - m.mean(rows, (2,))
    rstd = (m.mean(centered * centered, (2,)) + eps) ** -0.5
    return centered * rstd, rstd


def _gn_input_grad(m, g, out, x, w, b, groups, eps, mean, rstd):
    if not m.is_tensor:
        return _gn_input_grad_array(g, x, w, groups, mean, rstd)
    shape_ = (1, x.data.shape[1]) + (1,) * (x.data.ndim - 2)
    gw = g if w is None else g * m.reshape(w, shape_)
    xhat, r = _gn_stats_tensor(m, x, groups, eps)
    gr = m.reshape(gw, (x.data.shape[0], groups, -1))
    return m.reshape(r * (gr - m.mean(gr, (2,)) - xhat * m.mean(gr * xhat, (2,))), tuple(x.data.shape))


def _gn_weight_grad(m, g, out, x, w, b, groups, eps, mean, rstd):
    if not m.is_tensor:
        return _gn_param_grad_array(g, x, groups, mean, rstd, "weight")
    xhat, _ = _gn_stats_tensor(m, x, groups, eps)
    axes = (0,) + tuple(range(2, x.data.ndim))
    return m.sum(g * m.reshape(xhat, tuple(x.data.shape)), axes, keepdim=False)


def _gn_bias_grad(m, g, out, x, w, b, groups, eps, mean, rstd):
    if w is None:
        # NOTE: PyTorch's backward fails on a bias without a weight (it asks an undefined tensor for its device)
        raise runtime_error("tensor does not have a device")
    if not m.is_tensor:
        return _gn_param_grad_array(g, x, groups, mean, rstd, "bias")
    return m.sum(g, (0,) + tuple(range(2, x.data.ndim)), keepdim=False)


row("group_norm", "NativeGroupNormBackward0",
    lambda x, w, b, groups, eps, mean=None, rstd=None: _gn_forward(x, w, b, groups, eps)[0],
    {"input": _gn_input_grad, "weight": _gn_weight_grad, "bias": _gn_bias_grad},
    forms=("torch", "F", "bare"), args="input, num_groups, weight=None, bias=None, eps=1e-05",
    # NOTE: PyTorch saves the input, weight and the rows' mean and rstd
    saves=(0, 1),
    samples=(Sample(T((2, 4, 3)), 2), Sample(T((2, 4, 3)), 2, T((4,)), T((4,))),
             Sample(T((3, 6, 2, 2)), 3, T((6,)), None, 1e-3), Sample(T((2, 3, 5)), 1, None, T((3,), grad=False)),
             Sample(T((2, 16, 9)), 2, T((16,)), T((16,)))))


@implements("group_norm")
def group_norm(input, num_groups, weight=None, bias=None, eps=1e-05):
    """``F.group_norm``: Python's checks, then ``torch.group_norm``."""
    x = as_tensor(input)
    nd = x.data.ndim
    if nd < 2:
        raise runtime_error(f"Expected at least 2 dimensions for input tensor but received {nd}")
    size = [x.shape[0] * x.shape[1] // num_groups, num_groups] + list(x.shape[2:])
    if math.prod(size[:1] + size[2:]) == 1:
        raise GradcliError("ValueError", f"Expected more than 1 value per channel when training, got input size {size}")
    return torch_group_norm(x, num_groups, weight, bias, eps)


def torch_group_norm(input, num_groups, weight=None, bias=None, eps=1e-05, cudnn_enabled=True):
    """``torch.group_norm``: ATen's checks, then ``native_group_norm``."""
    x = as_tensor(input)
    channels = x.shape[1]
    if channels % num_groups:
        raise runtime_error(f"Expected number of channels in input to be divisible by num_groups, but got input of "
                            f"shape {_shape_text(x.shape)} and num_groups={num_groups}")
    w = None if weight is None else as_tensor(weight)
    b = None if bias is None else as_tensor(bias)
    for t, name in ((w, "weight"), (b, "bias")):
        if t is not None and (t.data.ndim != 1 or t.data.size != channels):
            # NOTE: PyTorch's message for the bias shows the weight's shape ([0] without a weight)
            shown = [0] if w is None else w.shape
            raise runtime_error(f"Expected {name} to be a vector of size equal to the number of channels in input, "
                                f"but got {name} of shape {_shape_text(shown)} and input of shape "
                                f"{_shape_text(x.shape)}")
    _float_kernel(x, "GroupNormKernelImpl")
    _mixed_dtype_check(x, (w, b))
    data = np.ascontiguousarray(x.data)
    flat = lambda t: None if t is None else t.data.reshape(-1)   # noqa: E731
    y, mean, rstd = _gn_forward(data, flat(w), flat(b), num_groups, eps)
    return OPS["group_norm"].apply((x, w, b), {"groups": num_groups, "eps": eps, "mean": mean, "rstd": rstd}, y)
