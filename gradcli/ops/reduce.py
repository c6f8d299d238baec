"""Selection reductions over the op table: max and min (whole tensor, along a
dim as a ``(values, indices)`` named tuple, or elementwise against another
tensor), amax, amin, argmax, argmin, maximum, minimum and prod, with
PyTorch's argument names, result dtypes and error messages."""
from __future__ import annotations

import numpy as np

from ..engine import dtypes as D
from ..engine import libm
from ..engine.autograd import record
from ..engine.cascade import sum_like_torch
from ..engine.tensor import ReturnTuple, Tensor
from ..errors import GradcliError, index_error, runtime_error, type_error
from . import cpu_kernels as K
from .operands import as_compute, as_dtype, as_tensor, broadcast_shape, normalize_dims, result_dtype, type_name
from .oprow import Sample, T, implements, row
from .table import OPS, rounded

_exp, _log = rounded(np.exp), rounded(np.log)


# ***** argument checks with PyTorch's wording *****

def tensor_arg(fn, name, pos, x) -> Tensor:
    if type(x) is not Tensor:
        raise type_error(f"{fn}(): argument '{name}' (position {pos}) must be Tensor, not {type_name(x)}")
    return x


def int_arg(fn, name, pos, v) -> int:
    if not isinstance(v, int) or isinstance(v, bool):
        where = f" (position {pos})" if pos else ""
        raise type_error(f"{fn}(): argument '{name}'{where} must be int, not {type_name(v)}")
    return v


def _bool_arg(fn, name, pos, v) -> bool:
    if not isinstance(v, bool):
        raise type_error(f"{fn}(): argument '{name}' (position {pos}) must be bool, not {type_name(v)}")
    return v


def _bad_call(fn, got, expected):
    return type_error(f"{fn}() received an invalid combination of arguments - got ({got}), "
                      f"but expected one of: {expected}")


def _empty_whole(fn):
    return runtime_error(f"{fn}(): Expected reduction dim to be specified for input.numel() == 0. "
                         "Specify the reduction dim with the 'dim' argument.")


def _empty_dim(fn, d):
    return index_error(f"{fn}(): Expected reduction dim {d} to have non-zero size.")


# ***** max, min *****

@implements("max")
def max(input, dim=None, keepdim=False):
    return _max_min("max", input, dim, keepdim)


@implements("min")
def min(input, dim=None, keepdim=False):
    return _max_min("min", input, dim, keepdim)


def _max_min(name, input, dim, keepdim):
    input = as_tensor(input)
    if type(dim) is Tensor:
        return (maximum if name == "max" else minimum)(input, dim)
    if dim is None:
        if keepdim is not False:
            raise _bad_call(name, "keepdim=bool", "(), (Tensor other), (int dim, bool keepdim = False)")
        if input.data.size == 0:
            raise _empty_whole(name)
        op = OPS[name]
        return record(op, (input,), {}, np.asarray(op.forward(input.data)))
    if not isinstance(dim, int) or isinstance(dim, bool):
        raise _bad_call(name, type_name(dim), "(), (Tensor other), (int dim, bool keepdim = False)")
    values, indices = _along(name, input, dim, _bool_arg(name, "keepdim", 2, keepdim))
    return ReturnTuple.make(name, ("values", "indices"), (values, indices))


def _along(name, input, dim, keepdim):
    a = input.data
    d = normalize_dims(dim, a.ndim)[0]
    if a.ndim == 0:
        idx, key = np.zeros((), dtype=np.int64), ()
    else:
        if a.shape[d] == 0:
            raise _empty_dim(name, d)
        idx = (np.argmax if name == "max" else np.argmin)(a, axis=d, keepdims=True).astype(np.int64)
        key = tuple(idx if k == d else np.arange(n).reshape([n if j == k else 1 for j in range(a.ndim)])
                    for k, n in enumerate(a.shape))
    indices = Tensor(idx if keepdim or a.ndim == 0 else np.squeeze(idx, axis=d))
    op = OPS[name + "_dim"]
    attrs = {"dim": d, "keepdim": keepdim, "key": key}
    return record(op, (input,), attrs, op.forward(a, **attrs)), indices


# ***** amax, amin, argmax, argmin *****

@implements("amax")
def amax(input, dim=(), keepdim=False):
    return _amax_amin("amax", input, dim, keepdim)


@implements("amin")
def amin(input, dim=(), keepdim=False):
    return _amax_amin("amin", input, dim, keepdim)


def _amax_amin(name, input, dim, keepdim):
    input = as_tensor(input)
    a = input.data
    if not isinstance(dim, (int, list, tuple)) or isinstance(dim, bool):
        raise type_error(f"{name}(): argument 'dim' (position 1) must be tuple of ints, not {type_name(dim)}")
    dims = normalize_dims(dim, a.ndim) if a.ndim else ()
    if not dims:
        if a.size == 0:
            raise _empty_whole(name)
        dims = None
    else:
        for d in dims:
            if a.shape[d] == 0:
                raise _empty_dim(name, d)
    op = OPS[name]
    attrs = {"dims": dims, "keepdim": bool(keepdim)}
    return record(op, (input,), attrs, np.asarray(op.forward(a, **attrs)))


def count_nonzero(input, dim=None):
    """``torch.count_nonzero``: how many elements are not zero (NaN is not),
    over ``dim`` (an int or a tuple of ints) or all, as int64."""
    a = as_tensor(input).data
    axes = None if dim is None else normalize_dims(dim, a.ndim)
    if not axes or a.ndim == 0:          # no dims, or a 0-d tensor's own: all of it
        axes = None
    return Tensor(np.asarray(np.count_nonzero(a, axis=axes), dtype=np.int64))


def argmax(input, dim=None, keepdim=False):
    return _arg("argmax", input, dim, keepdim)


def argmin(input, dim=None, keepdim=False):
    return _arg("argmin", input, dim, keepdim)


def _arg(name, input, dim, keepdim):
    a = as_tensor(input).data
    if a.dtype == np.bool_:
        raise runtime_error(f"{name}(): does not support bool input")
    fn = np.argmax if name == "argmax" else np.argmin
    if dim is None:
        if a.size == 0:
            raise index_error(f"{name}(): Expected reduction dim to be specified for input.numel() == 0.")
        r = np.asarray(fn(a))
        if keepdim:
            r = r.reshape((1,) * a.ndim)
    else:
        d = normalize_dims(int_arg(name, "dim", 1, dim), a.ndim)[0]
        if a.ndim == 0:
            r = np.zeros((), dtype=np.int64)
        else:
            if a.shape[d] == 0:
                raise _empty_dim(name, d)
            r = fn(a, axis=d, keepdims=bool(keepdim))
    return Tensor(np.asarray(r, dtype=np.int64))


# ***** maximum, minimum *****

@implements("maximum")
def maximum(input, other):
    return _pairwise("maximum", input, other)


@implements("minimum")
def minimum(input, other):
    return _pairwise("minimum", input, other)


def _pairwise(name, input, other):
    tensor_arg(name, "input", 1, input)
    tensor_arg(name, "other", 2, other)
    if input.data.shape != other.data.shape:
        broadcast_shape(input.data.shape, other.data.shape)
    dt = result_dtype(input, other)
    op = OPS[name]
    out = op.forward(as_compute(input, dt), as_compute(other, dt))
    return record(op, (input, other), {}, as_dtype(out, dt), dt)


# ***** prod *****

@implements("prod")
def prod(input, dim=None, keepdim=False, *, dtype=None):
    input = as_tensor(input)
    src = D.of_array(input.data)
    dt = dtype if dtype is not None else (src if src.category == 2 else D.int64)
    x = as_compute(input, dt)
    if dim is None:
        if keepdim is not False:
            raise _bad_call("prod", "keepdim=bool", "(*, torch.dtype dtype = None), "
                            "(int dim, bool keepdim = False, *, torch.dtype dtype = None)")
        op = OPS["prod"]
        return record(op, (input,), {}, as_dtype(op.forward(x), dt), dt)
    if not isinstance(dim, int) or isinstance(dim, bool):
        raise _bad_call("prod", type_name(dim), "(*, torch.dtype dtype = None), "
                        "(int dim, bool keepdim = False, *, torch.dtype dtype = None)")
    op = OPS["prod_dim"]
    attrs = {"dim": normalize_dims(dim, input.data.ndim)[0], "keepdim": bool(keepdim)}
    return record(op, (input,), attrs, as_dtype(op.forward(x, **attrs), dt), dt)


# ***** logsumexp, cumsum, cumprod *****

def _logsumexp_array(a, dims, keepdim):
    """PyTorch's: log(sum(exp(x - max))) + max in the input's precision (exp
    and log correctly rounded); an infinite max is taken as 0."""
    mx = np.amax(a, axis=dims, keepdims=True) if a.size else np.zeros((1,) * a.ndim, dtype=a.dtype)
    mx = np.where(np.isinf(mx), np.zeros((), dtype=a.dtype), mx)
    r = _log(np.sum(_exp(a - mx), axis=dims, keepdims=True)) + mx
    return np.asarray(r if keepdim else np.squeeze(r, axis=dims)).astype(a.dtype)


row("logsumexp", "LogsumexpBackward0", _logsumexp_array,
    {"input": lambda m, g, out, a, dims, keepdim:
        m.keep_dims(g, dims, keepdim, a.ndim) * m.exp(a - m.keep_dims(out, dims, keepdim, a.ndim))},
    forms=("torch", "method", "bare"), args="input, dim, keepdim=False",
    samples=(Sample(T((2, 3)), 1), Sample(T((2, 3)), (0, 1)), Sample(T((2, 3)), 0, True), Sample(T((3,)), 0)))


@implements("logsumexp")
def logsumexp(input, dim, keepdim=False):
    x = as_tensor(input)
    dt = D.of_array(x.data)
    if dt.category < 2:
        dt = D.DEFAULT_FLOAT
    dims = normalize_dims(dim, x.data.ndim) if x.data.ndim else ()
    op = OPS["logsumexp"]
    attrs = {"dims": dims, "keepdim": bool(keepdim)}
    d = as_compute(x, dt)
    out = op.forward(d, **attrs) if x.data.ndim else d.copy()
    return op.apply((x,), attrs, as_dtype(out, dt), dt)


def _cum_dim(x, dim):
    return normalize_dims(dim, x.data.ndim)[0]


def reverse_cumsum(m, g, dim):
    """Sums from each position to the end along ``dim``."""
    return m.flip(m.cumsum(m.flip(g, dim), dim), dim)


def cumsum_grad(m, g, dim, self_scalar_type=None):
    """The sums of ``g`` from each position to the end, in the input's dtype."""
    return reverse_cumsum(m, g if self_scalar_type is None else m.to_dtype(g, self_scalar_type), dim)


def cumprod_grad(m, g, a, out, dim, self_scalar_type=None):
    """PyTorch's cumprod_backward: with no zero in ``a``, the sums from each
    position to the end of ``out * g``, over ``a``; with zeros, the sum over
    later positions j of g_j times the product of a_k (k <= j, k != i),
    computed as PyTorch does on each path (``_cumprod_grad_zeros`` and,
    under create_graph, ``_cumprod_grad_graph``)."""
    ad = m.data(a)
    if ad.size <= 1 or ad.shape[dim] == 1:
        return g
    if self_scalar_type is not None:
        g, a = m.to_dtype(g, self_scalar_type), m.to_dtype(a, self_scalar_type)
        ad = m.data(a)
    w = out * g
    zero = ad == 0
    if not zero.any():
        return reverse_cumsum(m, w, dim) / a
    if m.is_tensor:
        return _cumprod_grad_graph(m, g, a, dim)
    return _cumprod_grad_zeros(m, g, ad, out, w, zero, dim)


def _cumprod_grad_zeros(m, g, a, out, w, zero, dim):
    """The plain path with zeros, in O(n) as PyTorch's: before a slice's
    first zero z1, the zero-free formula over the products before z1; at
    z1, the sum of g_j times the cumulative product of a over (z1, j], up to
    the second zero, times ``out`` just before z1; after z1, zero."""
    one, nought = a.dtype.type(1), g.dtype.type(0)
    zeros_so_far = np.cumsum(zero, axis=dim)
    before, between = zeros_so_far == 0, zeros_so_far == 1
    first = zero & between
    with np.errstate(all="ignore"):
        grad = np.where(before, reverse_cumsum(m, np.where(before, w, nought), dim) / a, nought)
        terms = K.cumprod(np.where(between & ~first, a, one), dim) * np.where(between, g, nought)
        z1 = np.argmax(between, axis=dim, keepdims=True)
        head = np.where(z1 == 0, one, np.take_along_axis(out, np.maximum(z1 - 1, 0), axis=dim))
        return np.where(first, sum_like_torch(terms, (dim,), True) * head, grad)


def _cumprod_grad_graph(m, g, a, dim):
    """Under create_graph with zeros, PyTorch's differentiable form: at
    position k, the sum of g_j (j >= k) times prod(a[:k]) * cumprod(a[k+1:j+1])."""
    n = m.data(a).shape[dim]
    parts = []
    for k in range(n):
        later = m.cumprod(m.narrow(a, dim, k + 1, n), dim) if k < n - 1 else None
        if k == 0:
            ones = np.ones(tuple(1 if i == dim else s for i, s in enumerate(m.data(a).shape)), m.data(g).dtype)
            omitted = m.cat([m.const(ones), later], dim)
        else:
            until = m.prod(m.narrow(a, dim, 0, k), dim, True)
            omitted = until if later is None else m.cat([until, m.expand(until, m.data(later).shape) * later], dim)
        parts.append(m.sum(m.narrow(g, dim, k, n) * omitted, (dim,), True))
    return m.cat(parts, dim)


CUM_SAMPLES = (Sample(T((2, 3)), 1), Sample(T((2, 3)), 0), Sample(T((3,)), -1), Sample(T(()), 0))
# NOTE: with a dtype= other than the input's, the result is in that dtype
# but PyTorch computes the gradient from grad.to(self.scalar_type()).
row("cumsum", "CumsumBackward0", K.cumsum,
    {"input": lambda m, g, out, a, dim, self_scalar_type=None:
        cumsum_grad(m, g, dim, self_scalar_type) if a.ndim else g},
    forms=("torch", "method", "inplace", "bare"), args="input, dim, *, dtype=None", samples=CUM_SAMPLES)
row("cumprod", "CumprodBackward0", K.cumprod,
    {"input": lambda m, g, out, a, dim, self_scalar_type=None: cumprod_grad(m, g, a, out, dim, self_scalar_type)},
    forms=("torch", "method", "inplace", "bare"), args="input, dim, *, dtype=None",
    samples=CUM_SAMPLES + (Sample(T(values=[[1.0, 0.0, 2.0, 3.0], [0.0, 2.0, 0.0, 1.5]]), 1),))


def _cumulative(key):
    def f(input, dim, *, dtype=None):
        x = as_tensor(input)
        d = _cum_dim(x, dim) if x.data.ndim else (normalize_dims(dim, 0), 0)[1]
        src = D.of_array(x.data)
        dt = dtype if dtype is not None else (src if src.category == 2 else D.int64)
        op = OPS[key]
        attrs = {"dim": d} if dt == src or src.category < 2 else {"dim": d, "self_scalar_type": src}
        return op.apply((x,), attrs, as_dtype(op.forward(as_compute(x, dt), d), dt), dt)
    f.__name__ = f.__qualname__ = key
    return f


cumsum = implements("cumsum")(_cumulative("cumsum"))
cumprod = implements("cumprod")(_cumulative("cumprod"))


# ***** logcumsumexp *****
# NOTE: PyTorch's CPU loop carries the running value in double (float32's
# accumulate type on the CPU) through _log_add_exp_helper: the C library's
# log1p(exp(min - max)) + max, the running value kept where both are the
# same infinity. The gradient is PyTorch's logcumsumexp_backward, op for op.

def _logcumsumexp(a, dim):
    if a.ndim == 0:
        return a.copy()
    moved = np.moveaxis(a, dim, 0).astype(np.float64)
    out = np.empty(moved.shape, np.float64)
    acc = np.full(moved.shape[1:], -np.inf)
    for i in range(moved.shape[0]):
        x = moved[i]
        lo = np.where(np.isnan(acc), acc, np.where(acc < x, acc, x))
        hi = np.where(np.isnan(acc), acc, np.where(x < acc, acc, x))
        with np.errstate(all="ignore"):
            step = libm.log1p(libm.exp(lo - hi)) + hi
        acc = np.where((lo != hi) | np.isfinite(lo), step, x)
        out[i] = acc
    return np.moveaxis(out, 0, dim).astype(a.dtype)


def _logcumsumexp_grad(m, g, out, a, dim):
    if len(a.shape) == 0:
        return g
    lowest = float(np.finfo(m.data(g).dtype).min)
    log_abs = m.log(m.abs(g))

    def reverse(v):
        return m.flip(m.logcumsumexp(m.flip(v, dim), dim), dim)

    positive = m.where(m.data(g) > 0, log_abs, lowest)
    negative = m.where(m.data(g) < 0, log_abs, lowest)
    return m.exp(reverse(positive - out) + a) - m.exp(reverse(negative - out) + a)


row("logcumsumexp", "LogcumsumexpBackward0", _logcumsumexp, {"input": _logcumsumexp_grad},
    forms=("torch", "method"), args="input, dim",
    samples=CUM_SAMPLES + (Sample(T(values=[[0.5, float("-inf"), 2.0], [float("inf"), 1.0, float("inf")]],
                                    grad=False), 1),
                           Sample(T((2, 4), dtype="float32"), 1)))


@implements("logcumsumexp")
def logcumsumexp(input, dim):
    x = as_tensor(input)
    if not isinstance(dim, int) or isinstance(dim, bool):
        raise type_error(f"logcumsumexp(): argument 'dim' (position 2) must be int, not {type_name(dim)}")
    d = normalize_dims(dim, x.data.ndim)[0] if x.data.ndim else normalize_dims(dim, 1)[0]
    if x.data.dtype.kind != "f":
        raise GradcliError("NotImplementedError", f'"logcumsumexp_out_cpu" not implemented for '
                           f"'{x.dtype.torch_type[:-6]}'")
    op = OPS["logcumsumexp"]
    return record(op, (x,), {"dim": d}, op.forward(x.data, d))
