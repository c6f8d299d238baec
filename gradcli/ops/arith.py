"""Arithmetic (``+ - * / **`` and their functions), the fast unary math
of the first rows, ``sum``/``mean`` and dtype conversion: the calls of
those rows of ``ops/table.py``.

Each function has PyTorch's argument names and defaults, checks its inputs
with PyTorch's error wording, works out the result dtype, runs the row's
forward and records the node. These are the hottest paths (the operators
of every script), so they skip the generic elementwise call of
``ops/oprow.py``.
"""
from __future__ import annotations

import operator
import sys

import numpy as np

from ..engine import dtypes as D
from ..engine import mkl
from ..engine.autograd import GRAD_MODE, RELEASE_MIN, record, record_one
from ..engine.context import CONTEXT
from ..engine.tensor import Tensor
from ..errors import GradcliError, runtime_error, type_error
from .operands import (as_compute, as_dtype, as_tensor, broadcast_shape, checked_scalar, normalize_dims, operand,
                       quick_dtype, result_dtype, shape_of, type_name)
from .oprow import Sample, T, implements, row
from .table import EXACT_LIMIT, OPS

def _binary(key, a, b, dt=None, **attrs):
    if dt is None and type(a) is Tensor and (type(b) is float or type(b) is int):
        d = a.data
        if d.dtype.kind == "f":
            return _float_scalar(OPS[key], a, b, d, attrs)
    ta, tb = type(a) is Tensor, type(b) is Tensor
    if not (ta and tb):
        a, b = operand(a), operand(b)
        ta, tb = type(a) is Tensor, type(b) is Tensor
    if dt is None:
        dt = quick_dtype(a, b, ta, tb) or result_dtype(a, b)
    op = OPS[key]
    if ta and tb and not attrs and key in SUM_UFUNCS:
        spare = _dead_operand(a, b, dt)
        if spare is not None:
            return record(op, (a, b), attrs, SUM_UFUNCS[key](a.data, b.data, out=spare))
    try:
        out = op.forward(as_compute(a, dt), as_compute(b, dt), **attrs)
    except ValueError:
        broadcast_shape(shape_of(a), shape_of(b))     # PyTorch's message for a shape mismatch
        raise
    # NOTE: no compute dtype when the inputs have it already (the backward's quick path)
    same = (not ta or a.data.dtype == dt.np) and (not tb or b.data.dtype == dt.np)
    return record(op, (a, b), attrs, as_dtype(out, dt), None if same else dt)


def _float_scalar(op, a, b, d, attrs):
    """``op`` on a floating Tensor ``a`` (data ``d``) and a Python int or
    float ``b``.

    NOTE: fast path of ``_binary``: the result has ``a``'s dtype and the
    scalar goes in as a float, just as ``result_dtype`` and ``_cast`` would
    decide; nothing else is looked up."""
    b_ = b if type(b) is float else float(b)
    if not attrs and op.name in SCALAR_UFUNCS and _dead_scalar_operand(a, d):
        return record(op, (a, b), attrs, SCALAR_UFUNCS[op.name](d, b_, out=d))
    out = op.forward(d, b_, **attrs) if attrs else op.forward(d, b_)
    if type(out) is not np.ndarray:
        out = np.asarray(out)
    if out.dtype is not d.dtype and out.dtype != d.dtype:
        out = out.astype(d.dtype)
    if attrs:
        return record(op, (a, b), attrs, out)     # a is in its compute dtype already
    return record_one(op, (a, b), out)


# ***** results written into a dead operand's memory *****
# NOTE: numpy writes ``(a * b) + c`` into the memory of the temporary
# ``a * b`` (its temporary elision); so do the operators here, for a large
# float operand that nothing but the evaluation of the expression holds: an
# op's result (not a leaf, not a view) that no variable, container, saved
# tensor, node or other tensor refers to. The Tensor's references are
# counted: a script's ``x + y`` reaches ``_binary`` from the evaluator
# (lang/evaluate.py, which holds each operand once while it calls the
# operator) through ``add``/``sub``; a variable, a list or a saved value
# adds one. Only rows whose rules never read the operand qualify (its old
# value is not needed for a gradient), and a check run (which snapshots
# every op's inputs) writes nothing in place.
SUM_UFUNCS = {"add": np.add, "sub": np.subtract}            # tensor with tensor: rules read no input
SCALAR_UFUNCS = {"add": np.add, "mul": np.multiply}         # tensor with a number: input 0 is not read
# the references to a dead operand in _dead: the evaluator's, add's (or
# sub's) parameter, _binary's, _dead_operand's, _dead's and getrefcount's
# argument; to its array: the Tensor's, _dead's local and getrefcount's
_DEAD_REFS, _DEAD_DATA_REFS = 6, 3


def _dead_operand(a, b, dt):
    """The array of ``a`` or ``b`` (Tensors) that ``a <op> b`` may be
    written into (see above), or None: one with the result's shape, both
    with its dtype."""
    if a is b or CONTEXT.snapshots is not None:
        return None
    dtype = a.data.dtype
    if dtype is not b.data.dtype or dtype != dt.np or dtype.kind != "f":
        return None
    sa, sb = a.data.shape, b.data.shape
    shape = sa if sa == sb else broadcast_shape(sa, sb)
    if sa == shape and a.data.size >= RELEASE_MIN and _dead(a):
        return a.data
    if sb == shape and b.data.size >= RELEASE_MIN and _dead(b):
        return b.data
    return None


def _dead(x) -> bool:
    """Whether only the evaluation of the expression holds the Tensor ``x``
    and its array (see above)."""
    d = x.data
    return (x.grad_fn is not None and x._view is None and d.base is None and d.flags.writeable
            and sys.getrefcount(x) <= _DEAD_REFS and sys.getrefcount(d) <= _DEAD_DATA_REFS)


# the references in _dead_scalar_operand: to the Tensor, the evaluator's,
# add's (or mul's) parameter, _binary's, _float_scalar's, this function's and
# getrefcount's argument; to its array, the Tensor's, _binary's and
# _float_scalar's ``d``, this function's and getrefcount's argument
_DEAD_SCALAR_REFS, _DEAD_SCALAR_DATA_REFS = 6, 5


def _dead_scalar_operand(a, d) -> bool:
    """Whether ``a <op> number`` may be written into ``a``'s array ``d``
    (see above; ``d`` is floating and the result has its dtype)."""
    return (d.size >= RELEASE_MIN and a.grad_fn is not None and a._view is None and d.base is None
            and d.flags.writeable and CONTEXT.snapshots is None
            and sys.getrefcount(a) <= _DEAD_SCALAR_REFS and sys.getrefcount(d) <= _DEAD_SCALAR_DATA_REFS)


def _in_place(name, ufunc):
    """``ufunc(d, out=d)``, or MKL's function where it is installed (the
    row's forward above EXACT_LIMIT elements either way, engine/mkl.py)."""
    def f(d, out):
        done = mkl.apply(name, d, out=out)
        return ufunc(d, out=out) if done is None else done
    return f


# The unary rows whose forward is this function above EXACT_LIMIT elements
# and whose rule reads the output only.
UNARY_UFUNCS = {"exp": _in_place("exp", np.exp), "tanh": _in_place("tanh", np.tanh)}
# the references in _dead_unary_operand: to the Tensor, the caller's (the
# evaluator's call site, or the op's function), float_unary's parameter,
# this function's and getrefcount's argument; to its array, the Tensor's,
# the caller's ``d``, float_unary's, this function's and getrefcount's
_DEAD_UNARY_REFS, _DEAD_UNARY_DATA_REFS = 4, 5


def _dead_unary_operand(x, d) -> bool:
    """Whether ``op(x)`` may be written into ``x``'s array ``d`` (see above)."""
    return (x.grad_fn is not None and x._view is None and d.base is None and d.flags.writeable
            and CONTEXT.snapshots is None
            and sys.getrefcount(x) <= _DEAD_UNARY_REFS and sys.getrefcount(d) <= _DEAD_UNARY_DATA_REFS)


_NUMBERS: dict = {}                 # (value, dtype) -> the value as a 0-d array of that dtype


def number_operand(b: float, dtype):
    """The Python float ``b`` as numpy converts it to operate with an array
    of the float ``dtype``: a 0-d array of that dtype (numpy's ufuncs take it
    much faster than a Python float, with the same result). Falls back to
    ``b`` itself where the conversion is not plain rounding (zero and its
    sign, infinities, NaN, out of range)."""
    key = (b, dtype)
    v = _NUMBERS.get(key)
    if v is None:
        limit = _LIMITS.get(dtype, 0.0)
        if not (b != 0.0 and -limit < b < limit):
            return b
        if len(_NUMBERS) >= 512:
            _NUMBERS.clear()
        v = _NUMBERS[key] = np.array(b, dtype=dtype)
        v.flags.writeable = False
    return v


_LIMITS = {np.dtype(t): float(np.finfo(t).max) / 2 for t in (np.float16, np.float32, np.float64)}


def with_number(op, ufunc, a, b, d):
    """``op(a, b)`` computed as ``ufunc(d, b)``: a floating Tensor ``a``
    (data ``d``) and a Python int or float ``b``.

    NOTE: the fastest path of the operators: numpy keeps ``a``'s dtype
    with a Python number, as ``_float_scalar`` would decide, and takes the
    number as a 0-d array of that dtype (``number_operand``)."""
    z = _NUMBERS.get((b, d.dtype)) if type(b) is float else None
    if z is None:
        z = number_operand(b if type(b) is float else float(b), d.dtype)
    out = ufunc(d, z)
    if type(out) is not np.ndarray:
        out = np.asarray(out)
    if out.dtype is not d.dtype and out.dtype != d.dtype:
        out = out.astype(d.dtype)
    return record_one(op, (a, b), out)


# ***** arithmetic *****

_ADD, _SUB, _MUL, _DIV = OPS["add"], OPS["sub"], OPS["mul"], OPS["div"]
# The operators whose `tensor <op> number` takes with_number when the tensor
# is floating (as add, sub, mul and div send it): (op row, ufunc).
# NOTE: Python's operators on an array and a 0-d array run numpy's ufunc
# with less argument handling than calling it (about a fifth fewer
# instructions for a small array), with the same result.
NUMBER_OPERATORS = {"+": (_ADD, operator.add), "-": (_SUB, operator.sub), "*": (_MUL, operator.mul),
                    "/": (_DIV, operator.truediv)}


def with_constant(symbol, number):
    """``a <symbol> number`` for one fixed Python int or float (a script's
    constant): a function of a floating Tensor ``a`` and its data ``d`` that
    computes what ``with_number`` does, with the number's operand kept for
    the dtype it last met."""
    op, ufunc = NUMBER_OPERATORS[symbol]
    last_dt = last_z = None             # a dtype, the number's operand for it

    def apply(a, d):
        nonlocal last_dt, last_z
        dt = d.dtype
        if dt is last_dt:
            z = last_z
        else:
            z = last_z = number_operand(float(number), dt)
            last_dt = dt
        out = ufunc(d, z)
        if type(out) is not np.ndarray:
            out = np.asarray(out)
        if out.dtype is not dt and out.dtype != dt:
            out = out.astype(dt)
        return record_one(op, (a, number), out)
    return apply


def _checked_alpha(name, a, b, alpha):
    """``alpha`` as a Python number, after PyTorch's checks: a number or a
    0-d tensor (its argument parser), then one the result's dtype takes
    (``alpha_check``)."""
    if type(alpha) is Tensor and alpha.data.ndim == 0 or isinstance(alpha, np.number):
        alpha = (alpha.data if type(alpha) is Tensor else alpha).item()
    elif isinstance(alpha, np.bool_):
        alpha = float(alpha)                # PyTorch reads a numpy bool as a float
    if not isinstance(alpha, (int, float)):
        raise type_error(f"{name}(): argument 'alpha' must be Number, not {type_name(alpha)}")
    dt = result_dtype(operand(a), operand(b))
    if type(alpha) is bool and dt.category != 0:
        raise runtime_error("Boolean alpha only supported for Boolean results.")
    if dt.category < 2 and not isinstance(alpha, int):
        raise runtime_error("For integral input tensors, argument alpha must not be a floating point number.")
    return checked_scalar(alpha, dt.np) if dt.category == 1 else alpha


@implements("add")
def add(input, other, *, alpha=1):
    if type(alpha) is not int or alpha != 1:
        alpha = _checked_alpha("add", input, other, alpha)
    if type(input) is Tensor and alpha == 1:
        t = type(other)
        if t is float or t is int:
            d = input.data
            if d.dtype.kind == "f":
                return with_number(_ADD, operator.add, input, other, d)
    if type(input) is not Tensor and type(other) is Tensor:
        input, other = other, input
    if alpha != 1:
        return _binary("add", input, other, alpha=alpha)
    return _binary("add", input, other)


@implements("sub")
def sub(input, other, *, alpha=1):
    if type(alpha) is not int or alpha != 1:
        alpha = _checked_alpha("sub", input, other, alpha)
    if type(input) is Tensor and alpha == 1:
        t = type(other)
        if t is float or t is int:
            d = input.data
            if d.dtype.kind == "f":
                return with_number(_SUB, operator.sub, input, other, d)
    if type(input) is not Tensor and type(other) is Tensor:
        return rsub(other, input, alpha=alpha)
    _no_bool_sub(input, other)
    if alpha != 1:
        return _binary("sub", input, other, alpha=alpha)
    return _binary("sub", input, other)


@implements("rsub")
def rsub(input, other, *, alpha=1):
    """``other - alpha * input``: ``2 - x`` is ``rsub(x, 2)``."""
    if type(alpha) is not int or alpha != 1:
        alpha = _checked_alpha("rsub", input, other, alpha)
    key = "rsub_tensor" if type(other) is Tensor else "rsub"
    return _binary(key, input, other, **({"alpha": alpha} if alpha != 1 else {}))


def _no_bool_sub(a, b):
    if type(a) is Tensor and type(b) is Tensor and a.data.dtype == np.bool_ and b.data.dtype == np.bool_:
        raise runtime_error("Subtraction, the `-` operator, with two bool tensors is not supported. "
                            "Use the `^` or `logical_xor()` operator instead.")


@implements("mul")
def mul(input, other):
    if type(input) is Tensor:
        t = type(other)
        if t is float or t is int:
            d = input.data
            if d.dtype.kind == "f":
                return with_number(_MUL, operator.mul, input, other, d)
    if type(input) is not Tensor and type(other) is Tensor:
        input, other = other, input
    return _binary("mul", input, other)


@implements("div")
def div(input, other, *, rounding_mode=None):
    if rounding_mode is not None:
        from .compare import div_rounding
        return div_rounding(input, other, rounding_mode)
    if type(input) is not Tensor and type(other) is Tensor:
        # NOTE: PyTorch computes `2 / x` as reciprocal(x) * 2 → MulBackward0.
        return mul(reciprocal(other), input)
    if type(input) is Tensor and (type(other) is float or type(other) is int):
        d = input.data
        if d.dtype.kind == "f":       # fast path: a float tensor over a Python number
            return with_number(_DIV, operator.truediv, input, other, d)
    dt = result_dtype(operand(input), operand(other))
    if dt.category < 2:
        dt = D.DEFAULT_FLOAT
    return _binary("div", input, other, dt)


def true_divide(input, other):
    return div(input, other)


@implements("neg")
def neg(input):
    input = as_tensor(input)
    if input.data.dtype == np.bool_:
        raise runtime_error("Negation, the `-` operator, on a bool tensor is not supported. "
                            "If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.")
    return _unary("neg", input, keep_int=True)


@implements("reciprocal")
def reciprocal(input):
    return _unary("reciprocal", as_tensor(input))


@implements("pow")
def pow(input, exponent):
    if type(input) is not Tensor:
        if type(exponent) is not Tensor:
            exponent = as_tensor(exponent)
        base = operand(input)
        dt = result_dtype(base, exponent)
        op = OPS["rpow"]
        out = op.forward(as_compute(exponent, dt), base)
        return record(op, (exponent, base), {}, as_dtype(out, dt), dt)
    exponent = operand(exponent)
    if type(exponent) is Tensor:
        return _binary("pow_tensor", input, exponent)
    dt = result_dtype(input, exponent)
    if dt.category < 2 and exponent < 0:
        raise runtime_error("Integers to negative integer powers are not allowed.")
    if dt.category == 1:
        exponent = checked_scalar(exponent, dt.np)
    op = OPS["pow"]
    out = op.forward(as_compute(input, dt), exponent)
    return record(op, (input, exponent), {}, as_dtype(out, dt), dt)


@implements("matmul")
def matmul(input, other):
    from . import linalg
    return linalg.matmul(as_tensor(input), as_tensor(other))


# ***** unary math *****

def float_unary(op, x, d):
    """``op`` on a floating Tensor ``x`` (data ``d``): no conversion."""
    if d.size > EXACT_LIMIT and op.name in UNARY_UFUNCS and _dead_unary_operand(x, d):
        return record_one(op, (x,), UNARY_UFUNCS[op.name](d, out=d))
    out = op.forward(d)
    if type(out) is not np.ndarray or (out.dtype is not d.dtype and out.dtype != d.dtype):
        out = as_dtype(out, D.of_array(d))
    return record_one(op, (x,), out)


def _unary(key, x, keep_int=False):
    if type(x) is not Tensor:
        x = as_tensor(x)
    d = x.data
    if d.dtype.kind == "f":
        return float_unary(OPS[key], x, d)
    dt = D.of_array(d)
    if key == "abs" and d.dtype == np.bool_:
        raise GradcliError("NotImplementedError", "\"abs_cpu\" not implemented for 'Bool'")
    cast = None                   # the compute dtype, when x needs converting to it
    if dt.category < 2 and not keep_int:
        dt = cast = D.DEFAULT_FLOAT
        d = d.astype(dt.np)
    op = OPS[key]
    return record(op, (x,), {}, as_dtype(op.forward(d), dt), cast)


def _make_unary(key, keep_int=False):
    op = OPS[key]

    def f(input):
        if type(input) is Tensor:
            d = input.data
            if d.dtype.kind == "f":
                return float_unary(op, input, d)
        return _unary(key, input, keep_int)
    f.__name__ = f.__qualname__ = key
    f.float_op = op
    return f


def float_unary_op(fn):
    """The op row of ``fn`` when it is one of the unary functions above
    (or their ``out=`` wrapper), which ``float_unary`` computes for a floating
    Tensor; None for any other function."""
    return getattr(getattr(fn, "__wrapped__", fn), "float_op", None)


exp = implements("exp")(_make_unary("exp"))
log = implements("log")(_make_unary("log"))
sin = implements("sin")(_make_unary("sin"))
cos = implements("cos")(_make_unary("cos"))
tanh = implements("tanh")(_make_unary("tanh"))
sigmoid = implements("sigmoid")(_make_unary("sigmoid"))
sqrt = implements("sqrt")(_make_unary("sqrt"))
abs = implements("abs")(_make_unary("abs", keep_int=True))
relu_out_of_place = _make_unary("relu", keep_int=True)


@implements("relu")
def relu(input, inplace=False):
    if inplace:
        from .autograd_calls import inplace as write_in_place
        return write_in_place(input, relu_out_of_place)
    return relu_out_of_place(input)


# NOTE: relu(x) of one float tensor is its unary op: a call site of relu
# (F.relu, torch.relu, bare relu) sends it there directly (float_unary_op)
relu.float_op = relu_out_of_place.float_op


# ***** reductions *****

def _reduce(key, input, dim, keepdim, dtype, float_only):
    input = as_tensor(input)
    src = D.of_array(input.data)
    if dtype is not None:
        dt = dtype
        if float_only and dt.category < 2:
            raise runtime_error(f"{key}(): could not infer output dtype. Optional dtype must be either a "
                                f"floating point or complex dtype. Got: {dt.torch_type[:-6]}")
        if dt.category < 2 and input.requires_grad and GRAD_MODE.enabled:
            raise runtime_error(f"Autograd not support dtype: {dt.torch_type[:-6]}")
    elif float_only:
        if src.category < 2:
            raise runtime_error(f"{key}(): could not infer output dtype. Input dtype must be either a "
                                f"floating point or complex dtype. Got: {src.torch_type[:-6]}")
        dt = src
    else:
        dt = src if src.category == 2 else D.int64
    x = as_compute(input, dt)
    if dim is None:
        op = OPS[key]
        out = op.forward(x)
        return record(op, (input,), {}, as_dtype(out, dt), dt)
    # NOTE: an empty dim list reduces every dim, as a dim reduction (SumBackward1).
    dims = normalize_dims(dim, input.data.ndim) or tuple(range(input.data.ndim))
    op = OPS[key + "_dim"]
    attrs = {"dim": dims if input.data.ndim else (), "keepdim": bool(keepdim)}
    out = op.forward(x, **attrs) if input.data.ndim else x.copy()
    return record(op, (input,), attrs, as_dtype(out, dt), dt)


@implements("sum")
def sum(input, dim=None, keepdim=False, *, dtype=None):
    return _reduce("sum", input, dim, keepdim, dtype, float_only=False)


@implements("mean")
def mean(input, dim=None, keepdim=False, *, dtype=None):
    return _reduce("mean", input, dim, keepdim, dtype, float_only=True)


@implements("nansum")
def nansum(input, dim=None, keepdim=False, *, dtype=None):
    return _reduce("nansum", input, dim, keepdim, dtype, float_only=False)


def nanmean(input, dim=None, keepdim=False, *, dtype=None):
    """PyTorch's ``nansum(input, dim, keepdim, dtype) / (count of non-NaN)``: DivBackward0."""
    input = as_tensor(input)
    if input.data.dtype.kind != "f":
        raise runtime_error("nanmean(): expected input to have floating point or complex dtype but got "
                            f"{D.of_array(input.data).torch_type[:-6]}")
    count = Tensor(~np.isnan(input.data))
    return div(nansum(input, dim, keepdim, dtype=dtype), sum(count, dim, keepdim))


# ***** conversions used by the engine *****

def to_dtype(x: Tensor, dtype: D.DType) -> Tensor:
    """``x`` in ``dtype``: itself if it has it, else a copy."""
    if x.data.dtype == dtype.np:
        return x
    return to_copy(x, dtype)


def to_copy(x: Tensor, dtype: D.DType) -> Tensor:
    """A new tensor of ``x``'s values in ``dtype`` (ToCopyBackward0)."""
    return record(OPS["to_copy"], (x,), {"dtype": dtype}, x.data.astype(dtype.np), dtype)


# NOTE: float_power is pow in float64: each tensor taken to float64 first
# (ToCopyBackward0 where it is not), each number as a Python float.
_FLOAT_POWER_FORMS = (" * (Tensor input, Tensor exponent, *, Tensor out = None)\n"
                      " * (Number self, Tensor exponent, *, Tensor out = None)\n"
                      " * (Tensor input, Number exponent, *, Tensor out = None)\n")


@implements("float_power")
def float_power(input, exponent):
    if type(input) is not Tensor and type(exponent) is not Tensor:
        raise type_error("float_power() received an invalid combination of arguments - got "
                         f"({type_name(input)}, {type_name(exponent)}), but expected one of:\n{_FLOAT_POWER_FORMS}")
    base, exp = (to_dtype(v, D.float64) if type(v) is Tensor else float(v) for v in (input, exponent))
    return pow(base, exp)


row("float_power", "PowBackward0", None, forms=("torch", "method"), args="input, exponent",
    doc="PowBackward0 (a number exponent), PowBackward1 (two tensors), PowBackward2 (a number base)",
    samples=(Sample(T((2, 3)), 2), Sample(T((2, 3), low=0.5), 0.5), Sample(T((2, 3), low=0.5), T((3,), low=-1)),
             Sample(2.0, T((2,))), Sample(T((3,), dtype="float32"), 3),
             Sample(T(values=[1, 2, 3], dtype="int64", grad=False), -1)))
