"""The PyTorch-facing functions over the op table: arithmetic, math,
reductions and linear algebra.

Each function has PyTorch's argument names and defaults, checks its inputs
with PyTorch's error wording, works out the result dtype, runs the table
row's forward and records the node (``engine.autograd.record``). Operator,
``torch.f``, ``x.f()`` and ``F.f`` forms all land here (``registry.py``).
"""
from __future__ import annotations

import numpy as np

from ..engine import dtypes as D
from ..engine.autograd import record
from ..engine.tensor import Tensor
from ..errors import index_error, runtime_error, type_error
from .table import OPS

_NUMBER = (int, float, bool)


# ***** operands *****

def as_tensor(x) -> Tensor:
    """A bare list literal used as an operand means torch.tensor(literal)."""
    if type(x) is Tensor:
        return x
    from .create import tensor
    return tensor(x)


def _operand(x):
    if type(x) is Tensor or isinstance(x, (bool, int, float)):
        return x
    if isinstance(x, (list, tuple)):
        return as_tensor(x)
    raise type_error(f"unsupported operand type: '{type_name(x)}'")


def type_name(x) -> str:
    if type(x) is Tensor:
        return "Tensor"
    return {bool: "bool", int: "int", float: "float", str: "str", type(None): "NoneType",
            list: "list", tuple: "tuple"}.get(type(x), getattr(type(x), "display_name", type(x).__name__))


def result_dtype(*xs) -> D.DType:
    dim, zero, scalars = [], [], []
    for x in xs:
        if type(x) is Tensor:
            (dim if x.data.ndim else zero).append(D.of_array(x.data))
        else:
            scalars.append(x)
    return D.result_type(dim, zero, scalars)


def _cast(x, dt: D.DType):
    if type(x) is Tensor:
        d = x.data
        return d if d.dtype == dt.np else d.astype(dt.np)
    if dt.category == 2:
        return float(x) if not isinstance(x, float) else x
    return x


def broadcast_shape(a_shape, b_shape):
    n = max(len(a_shape), len(b_shape))
    a = (1,) * (n - len(a_shape)) + tuple(a_shape)
    b = (1,) * (n - len(b_shape)) + tuple(b_shape)
    out = []
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y and x != 1 and y != 1:
            raise runtime_error(f"The size of tensor a ({x}) must match the size of tensor b ({y}) "
                                f"at non-singleton dimension {i}")
        out.append(y if x == 1 else x)
    return tuple(out)


def _shape(x):
    return x.data.shape if type(x) is Tensor else ()


def _binary(key, a, b, dt=None, **attrs):
    if dt is None and type(a) is Tensor and (type(b) is float or type(b) is int):
        d = a.data
        if d.dtype.kind == "f":
            return _float_scalar(OPS[key], a, b, d, attrs)
    ta, tb = type(a) is Tensor, type(b) is Tensor
    if not (ta and tb):
        a, b = _operand(a), _operand(b)
        ta, tb = type(a) is Tensor, type(b) is Tensor
    if dt is None:
        dt = _quick_dtype(a, b, ta, tb) or result_dtype(a, b)
    op = OPS[key]
    try:
        out = op.forward(_cast(a, dt), _cast(b, dt), **attrs)
    except ValueError:
        broadcast_shape(_shape(a), _shape(b))     # PyTorch's message for a shape mismatch
        raise
    return record(op, (a, b), attrs, _as(out, dt), dt)


def _float_scalar(op, a, b, d, attrs):
    """``op`` on a floating Tensor ``a`` (data ``d``) and a Python int or
    float ``b``.

    NOTE: fast path of ``_binary``: the result has ``a``'s dtype and the
    scalar goes in as a float, just as ``result_dtype`` and ``_cast`` would
    decide; nothing else is looked up."""
    b_ = b if type(b) is float else float(b)
    out = op.forward(d, b_, **attrs) if attrs else op.forward(d, b_)
    if type(out) is not np.ndarray:
        out = np.asarray(out)
    if out.dtype is not d.dtype and out.dtype != d.dtype:
        out = out.astype(d.dtype)
    return record(op, (a, b), attrs, out)     # a is in its compute dtype already


def _quick_dtype(a, b, ta, tb):
    """The common cases of result_dtype, without building lists."""
    if ta and tb:
        return D.of_array(a.data) if a.data.dtype == b.data.dtype else None
    t, s = (a, b) if ta else (b, a)
    k = t.data.dtype.kind
    if k == "f" or (k in "iu" and type(s) is int):
        return D.of_array(t.data)
    return None


def _as(out, dt):
    if type(out) is not np.ndarray:
        out = np.asarray(out)
    o, want = out.dtype, dt.np
    return out if o is want or o == want else out.astype(want)


# ***** arithmetic *****

def add(input, other, *, alpha=1):
    if type(input) is not Tensor and type(other) is Tensor:
        input, other = other, input
    if alpha != 1:
        return _binary("add", input, other, alpha=alpha)
    return _binary("add", input, other)


def sub(input, other, *, alpha=1):
    if type(input) is not Tensor and type(other) is Tensor:
        return rsub(other, input, alpha=alpha)
    _no_bool_sub(input, other)
    if alpha != 1:
        return _binary("sub", input, other, alpha=alpha)
    return _binary("sub", input, other)


def rsub(input, other, *, alpha=1):
    """``other - alpha * input``: ``2 - x`` is ``rsub(x, 2)``."""
    key = "rsub_tensor" if type(other) is Tensor else "rsub"
    return _binary(key, input, other, **({"alpha": alpha} if alpha != 1 else {}))


def _no_bool_sub(a, b):
    if type(a) is Tensor and type(b) is Tensor and a.data.dtype == np.bool_ and b.data.dtype == np.bool_:
        raise runtime_error("Subtraction, the `-` operator, with two bool tensors is not supported. "
                            "Use the `^` or `logical_xor()` operator instead.")


def mul(input, other):
    if type(input) is not Tensor and type(other) is Tensor:
        input, other = other, input
    return _binary("mul", input, other)


def div(input, other, *, rounding_mode=None):
    if rounding_mode is not None:
        from .more import div_rounding
        return div_rounding(input, other, rounding_mode)
    if type(input) is not Tensor and type(other) is Tensor:
        # NOTE: PyTorch computes `2 / x` as reciprocal(x) * 2 → MulBackward0.
        return mul(reciprocal(other), input)
    if type(input) is Tensor and (type(other) is float or type(other) is int):
        d = input.data
        if d.dtype.kind == "f":       # fast path: a float tensor over a Python number
            return _float_scalar(OPS["div"], input, other, d, {})
    dt = result_dtype(_operand(input), _operand(other))
    if dt.category < 2:
        dt = D.DEFAULT_FLOAT
    return _binary("div", input, other, dt)


def true_divide(input, other):
    return div(input, other)


def neg(input):
    input = as_tensor(input)
    if input.data.dtype == np.bool_:
        raise runtime_error("Negation, the `-` operator, on a bool tensor is not supported. "
                            "If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.")
    return _unary("neg", input, keep_int=True)


def reciprocal(input):
    return _unary("reciprocal", as_tensor(input))


def pow(input, exponent):
    if type(input) is not Tensor:
        if type(exponent) is not Tensor:
            exponent = as_tensor(exponent)
        base = _operand(input)
        dt = result_dtype(base, exponent)
        op = OPS["rpow"]
        out = op.forward(_cast(exponent, dt), base)
        return record(op, (exponent, base), {}, _as(out, dt), dt)
    exponent = _operand(exponent)
    if type(exponent) is Tensor:
        return _binary("pow_tensor", input, exponent)
    dt = result_dtype(input, exponent)
    if dt.category < 2 and exponent < 0:
        raise runtime_error("Integers to negative integer powers are not allowed.")
    op = OPS["pow"]
    out = op.forward(_cast(input, dt), exponent)
    return record(op, (input, exponent), {}, _as(out, dt), dt)


def matmul(input, other):
    from . import linalg
    return linalg.matmul(as_tensor(input), as_tensor(other))


# ***** unary math *****

def _unary(key, x, keep_int=False):
    if type(x) is not Tensor:
        x = as_tensor(x)
    d = x.data
    dt = D.of_array(d)
    cast = None                   # the compute dtype, when x needs converting to it
    if dt.category < 2 and not keep_int:
        dt = cast = D.DEFAULT_FLOAT
        d = d.astype(dt.np)
    op = OPS[key]
    return record(op, (x,), {}, _as(op.forward(d), dt), cast)


def _make_unary(key, keep_int=False):
    def f(input):
        return _unary(key, input, keep_int)
    f.__name__ = key
    return f


exp = _make_unary("exp")
log = _make_unary("log")
sin = _make_unary("sin")
cos = _make_unary("cos")
tanh = _make_unary("tanh")
sigmoid = _make_unary("sigmoid")
sqrt = _make_unary("sqrt")
abs = _make_unary("abs", keep_int=True)
relu = _make_unary("relu", keep_int=True)


# ***** reductions *****

def normalize_dims(dim, ndim: int) -> tuple:
    dims = (dim,) if isinstance(dim, int) else tuple(dim)
    lo, hi = (-ndim, ndim - 1) if ndim else (-1, 0)
    out = []
    for d in dims:
        if not isinstance(d, int) or isinstance(d, bool):
            raise type_error(f"dim must be an int or a tuple of ints, not {type_name(d)}")
        if not lo <= d <= hi:
            raise index_error(f"Dimension out of range (expected to be in range of [{lo}, {hi}], but got {d})")
        dd = d % ndim if ndim else 0
        if dd in out:
            raise runtime_error(f"dim {dd} appears multiple times in the list of dims")
        out.append(dd)
    return tuple(out)


def _reduce(key, input, dim, keepdim, dtype, float_only):
    input = as_tensor(input)
    src = D.of_array(input.data)
    if dtype is not None:
        dt = dtype
    elif float_only:
        if src.category < 2:
            raise runtime_error(f"{key}(): could not infer output dtype. Input dtype must be either a "
                                f"floating point or complex dtype. Got: {src.torch_type[:-6]}")
        dt = src
    else:
        dt = src if src.category == 2 else D.int64
    x = _cast(input, dt)
    if dim is None or (isinstance(dim, (list, tuple)) and len(dim) == 0 and key == "sum"):
        op = OPS[key]
        out = op.forward(x)
        return record(op, (input,), {}, _as(out, dt), dt)
    dims = normalize_dims(dim, input.data.ndim)
    op = OPS[key + "_dim"]
    attrs = {"dim": dims if input.data.ndim else (), "keepdim": bool(keepdim)}
    out = op.forward(x, **attrs) if input.data.ndim else x.copy()
    return record(op, (input,), attrs, _as(out, dt), dt)


def sum(input, dim=None, keepdim=False, *, dtype=None):
    return _reduce("sum", input, dim, keepdim, dtype, float_only=False)


def mean(input, dim=None, keepdim=False, *, dtype=None):
    return _reduce("mean", input, dim, keepdim, dtype, float_only=True)


# ***** conversions used by the engine *****

def to_dtype(x: Tensor, dtype: D.DType) -> Tensor:
    if x.data.dtype == dtype.np:
        return x
    op = OPS["to_copy"]
    return record(op, (x,), {"dtype": dtype}, x.data.astype(dtype.np), dtype)


# ***** the differentiable math namespace (engine/mathns.TENSOR) *****

def d_add(a, b):
    return add(a, b)


def d_fit(g, like):
    if g.shape != like.shape:
        from .shape import sum_to
        g = sum_to(g, like.shape)
    return to_dtype(g, D.of_array(like.data))


def d_numel(a):
    return a.data.size


d_cos, d_sin, d_log, d_exp, d_matmul = cos, sin, log, exp, matmul


def d_sign(a):
    return Tensor(np.sign(a.data))


def d_zeros_like(g):
    from .create import zeros_like
    return zeros_like(g)


def d_mask(g, out):
    return mul(g, Tensor((out.data > 0).astype(g.data.dtype)))


def d_expand(g, shape):
    from .shape import expand
    return expand(g, tuple(shape))


def d_keep_dims(g, dim, keepdim, ndim):
    if keepdim or ndim == 0:
        return g
    from .shape import unsqueeze
    for d in sorted(dim):
        g = unsqueeze(g, d)
    return g


def d_count(shape, dim):
    from ..engine.mathns import NUMPY
    return NUMPY.count(shape, dim)


def d_mT(a):
    from .shape import transpose
    return transpose(a, -2, -1) if a.data.ndim >= 2 else a


def d_permute(g, dims):
    from .shape import permute
    return permute(g, dims)


def d_reshape(g, shape):
    from .shape import reshape
    return reshape(g, tuple(shape))


def d_outer(a, b):
    from .shape import unsqueeze
    return mul(unsqueeze(a, 1), unsqueeze(b, 0))


def d_embed(g, shape, key):
    op = OPS["embed"]
    return record(op, (g, tuple(shape), key), {}, op.forward(g.data, tuple(shape), key), D.of_array(g.data))


def d_embed_add(g, shape, key):
    op = OPS["embed_add"]
    return record(op, (g, tuple(shape), key), {}, op.forward(g.data, tuple(shape), key), D.of_array(g.data))


def d_take(g, key):
    op = OPS["index"]
    return record(op, (g,), {"key": key}, g.data[key], D.of_array(g.data))


def d_where_nonzero_exp(b, value):
    return value


def d_where_base_nonzero(a, b, value):
    keep = Tensor((~((a.data == 0) & (b.data >= 0))).astype(value.data.dtype))
    return mul(value, keep)
