"""``import math`` and ``import numpy as np``: the parts scripts use.

``math`` offers its constants and functions with Python's results and
error messages (``math domain error``); a one-element tensor is accepted
where a number is, as with PyTorch. ``numpy`` is the small subset of
SPEC §3.2: making arrays (``array ones zeros arange``), dtypes, arithmetic,
a few array attributes and methods, and printing as numpy prints. No file
function (``np.load``, ``np.save``, ...) is offered.
"""
from __future__ import annotations

import math
import operator
import warnings

import numpy as np

from ..engine import dtypes as D
from ..engine.context import CONTEXT
from ..engine.tensor import Tensor
from ..errors import GradcliError, type_error, value_error
from ..ops.create import NumpyArray, share_numpy
from ..ops.create import numpy as numpy_of
from ..ops.operands import NUMPY_NUMBERS
from .values import Function, Namespace, NotOffered

MAX_FACTORIAL = 100_000


# ***** math *****

def _real(v):
    if type(v) is Tensor:
        from .runtime import tensor_number
        return tensor_number(v, True)
    if isinstance(v, NumpyArray):
        if v.array.size != 1:
            raise type_error("only length-1 arrays can be converted to Python scalars")
        return v.array.reshape(()).item()
    if isinstance(v, NUMPY_NUMBERS):
        return v.item()
    if isinstance(v, (int, float, bool)):
        return v
    from .runtime import type_name
    raise type_error(f"must be real number, not {type_name(v)}")


def _math_fn(fn, integer=False):
    def call(*args, **kwargs):
        vals = [_real(a) for a in args]
        if integer:
            for v in vals:
                if isinstance(v, float):
                    raise type_error("'float' object cannot be interpreted as an integer")
                if abs(v) > MAX_FACTORIAL:
                    raise GradcliError("LimitError", f"{fn.__name__}() of a number over {MAX_FACTORIAL:,}")
        try:
            return fn(*vals, **kwargs)
        except ValueError as e:
            raise value_error(str(e)) from None
        except OverflowError as e:
            raise GradcliError("OverflowError", str(e)) from None
        except TypeError as e:
            raise type_error(str(e)) from None
    call.__name__ = fn.__name__
    return call


def _prod(iterable, *, start=1):
    from .runtime import binop, iterate
    total = start
    for v in iterate(iterable):
        total = binop("*", total, v)
    return total


def _fsum(iterable):
    from .runtime import iterate
    return math.fsum(_real(v) for v in iterate(iterable))


_MATH_FUNCTIONS = (
    math.sqrt, math.exp, math.log, math.log2, math.log10, math.log1p, math.expm1,
    math.sin, math.cos, math.tan, math.asin, math.acos, math.atan, math.atan2,
    math.sinh, math.cosh, math.tanh, math.asinh, math.acosh, math.atanh,
    math.floor, math.ceil, math.trunc, math.fabs, math.pow, math.fmod, math.copysign,
    math.isclose, math.isnan, math.isinf, math.isfinite, math.hypot, math.dist,
    math.degrees, math.radians, math.erf, math.erfc, math.gamma, math.lgamma,
    math.modf, math.frexp, math.ldexp, math.remainder,
)
_MATH_INTEGER = (math.factorial, math.gcd, math.lcm, math.comb, math.perm, math.isqrt)


def math_namespace() -> Namespace:
    table = {"pi": math.pi, "e": math.e, "tau": math.tau, "inf": math.inf, "nan": math.nan}
    for fn in _MATH_FUNCTIONS:
        table[fn.__name__] = _math_fn(fn)
    for fn in _MATH_INTEGER:
        table[fn.__name__] = _math_fn(fn, integer=True)
    table["prod"] = _prod
    table["fsum"] = _fsum
    return Namespace("math", table)


# ***** numpy *****

NUMPY_SCALAR_NAMES = ("float32", "float64", "float16", "int64", "int32", "int16", "int8", "uint8", "bool_")
_NUMPY_TYPES: dict = {}


def numpy_types() -> dict:
    """``np.float32`` and friends, by numpy scalar class: printed ``<class
    'numpy.float32'>`` (also what ``type()`` of such a scalar answers);
    calling one makes a numpy scalar."""
    if not _NUMPY_TYPES:
        from .values import PyType
        for name in NUMPY_SCALAR_NAMES:
            kind = np.dtype(name).type
            _NUMPY_TYPES[kind] = PyType(f"numpy.{kind.__name__}", _numpy_maker(kind))
    return _NUMPY_TYPES


def _numpy_maker(kind):
    def make(value=0):
        return kind(_real(value))
    return make


def _np_dtype(dtype):
    if dtype is None:
        return None
    if isinstance(dtype, D.DType):
        return dtype.np
    if isinstance(dtype, np.dtype):
        return dtype
    if isinstance(dtype, str):
        try:
            return np.dtype(dtype)
        except TypeError:
            raise type_error(f"data type '{dtype}' not understood") from None
    from .values import PyType
    if isinstance(dtype, PyType) and dtype.qualname.startswith("numpy."):
        return np.dtype(dtype.qualname[len("numpy."):])
    if isinstance(dtype, PyType) and dtype.qualname in ("int", "float", "bool"):
        return {"int": np.int64, "float": np.float64, "bool": np.bool_}[dtype.qualname]
    raise type_error("Cannot interpret the dtype")


def _plain(obj):
    """Script data → what numpy takes (tensors and arrays as arrays)."""
    if type(obj) is Tensor:
        return obj.data
    if isinstance(obj, NumpyArray):
        return obj.array
    return obj


def _array(obj, dtype=None):
    try:
        return NumpyArray(np.array(_plain(obj), dtype=_np_dtype(dtype)))
    except (ValueError, TypeError) as e:
        raise value_error(str(e)) from None


def _shape(shape):
    from .runtime import iterate
    if isinstance(shape, int):
        shape = (shape,)
    shape = tuple(iterate(shape))
    if not all(isinstance(s, int) for s in shape):
        raise type_error("'float' object cannot be interpreted as an integer")
    from ..engine.context import CONTEXT
    n = 1
    for s in shape:
        if s < 0:
            raise value_error("negative dimensions are not allowed")
        n *= s
    CONTEXT.check_size(n, "array")
    return shape


def _filled(fill):
    def make(shape, dtype=None):
        return NumpyArray(fill(_shape(shape), dtype=_np_dtype(dtype) or np.float64))
    return make


def _arange(*args, dtype=None):
    from ..engine.context import CONTEXT
    vals = [_real(a) for a in args]
    n = len(np.arange(*vals[:3])) if len(vals) <= 3 and all(isinstance(v, int) for v in vals) else None
    if n is None:
        start, stop, step = (0, vals[0], 1) if len(vals) == 1 else (vals + [1])[:3]
        n = max(0, math.ceil((stop - start) / step)) if step else 0
    CONTEXT.check_size(n, "array")
    return NumpyArray(np.arange(*vals, dtype=_np_dtype(dtype)))


_NUMPY_SCALARS = (np.ndarray, np.generic, int, float, bool)


def _ufunc(fn, name):
    """``np.add(x1, x2, out=None)`` and its kin on numpy arrays and numbers:
    ``out=`` writes into an array (a tensor made by ``torch.from_numpy``
    from it shows the change, as in PyTorch's tensors tutorial)."""
    name = fn.__name__

    def call(x1, x2, out=None):
        a = x1.array if isinstance(x1, NumpyArray) else x1
        b = x2.array if isinstance(x2, NumpyArray) else x2
        if not (isinstance(a, _NUMPY_SCALARS) and isinstance(b, _NUMPY_SCALARS)):
            from .runtime import type_name
            raise type_error(f"np.{name}() takes numpy arrays and numbers, not '{type_name(x1)}' and "
                             f"'{type_name(x2)}'")
        if out is not None and not isinstance(out, NumpyArray):
            from .runtime import type_name
            raise type_error(f"return arrays must be of ArrayType, not {type_name(out)}")
        if out is None:
            return _numpy_call(fn, a, b)
        _numpy_call(lambda x, y: fn(x, y, out=out.array), a, b)
        return out
    call.__name__ = call.__qualname__ = name
    return call


def numpy_namespace() -> Namespace:
    table = {
        "array": _array, "asarray": _array, "ones": _filled(np.ones), "zeros": _filled(np.zeros),
        "arange": _arange, "pi": math.pi, "e": math.e, "inf": math.inf, "nan": math.nan,
    }
    for name, fn in (("add", np.add), ("subtract", np.subtract), ("multiply", np.multiply), ("divide", np.divide),
                     ("true_divide", np.true_divide), ("power", np.power), ("maximum", np.maximum),
                     ("minimum", np.minimum)):
        table[name] = _ufunc(fn, name)
    types = numpy_types()
    for name in NUMPY_SCALAR_NAMES:
        table[name] = types[np.dtype(name).type]
    for name in ("load", "save", "savez", "savez_compressed", "loadtxt", "savetxt", "genfromtxt", "fromfile",
                 "memmap", "tofile"):
        table[name] = NotOffered(name)
    return Namespace("numpy", table)


_OPERATORS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
              "//": operator.floordiv, "%": operator.mod, "**": operator.pow, "@": operator.matmul,
              "&": operator.and_, "|": operator.or_, "<<": operator.lshift, ">>": operator.rshift, "<": operator.lt, "<=": operator.le, ">": operator.gt,
              ">=": operator.ge, "==": operator.eq, "!=": operator.ne}
_UNARY = {"-": operator.neg, "+": operator.pos, "~": operator.invert}


def wrap(x):
    """A numpy result as a script value: an array as a NumpyArray, a scalar as it is."""
    return NumpyArray(x) if isinstance(x, np.ndarray) else x


def _numpy_call(fn, *args):
    """``fn(*args)`` on numpy values: numpy's errors as the script's, and
    its warnings (``divide by zero encountered in divide``) as the script's
    RuntimeWarnings."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with np.errstate(all="warn"):
            try:
                out = wrap(fn(*args))
            except (TypeError, ValueError) as e:
                raise GradcliError("TypeError" if isinstance(e, TypeError) else "ValueError", str(e)) from None
    for w in caught:
        CONTEXT.warning(str(w.message), w.category.__name__)
    return out


def numpy_binop(op, a, b):
    """An operator on numpy arrays or scalars and numbers (no tensor
    involved): numpy's result, types and errors."""
    x = a.array if isinstance(a, NumpyArray) else a
    y = b.array if isinstance(b, NumpyArray) else b
    fn = _OPERATORS.get(op)
    if fn is None or not (isinstance(x, _NUMPY_SCALARS) and isinstance(y, _NUMPY_SCALARS)):
        from .runtime import operand_error
        if op in ("<", "<=", ">", ">="):
            from .runtime import type_name
            raise type_error(f"'{op}' not supported between instances of '{type_name(a)}' and '{type_name(b)}'")
        if op in ("==", "!="):
            return (a is b) == (op == "==")
        raise type_error(operand_error(op, a, b))
    return _numpy_call(fn, x, y)


def numpy_divmod(a, b):
    """``divmod(a, b)`` with a numpy array or scalar: numpy's two results
    (its warnings too: ``divide by zero encountered in scalar divmod``)."""
    x = a.array if isinstance(a, NumpyArray) else a
    y = b.array if isinstance(b, NumpyArray) else b
    if not (isinstance(x, _NUMPY_SCALARS) and isinstance(y, _NUMPY_SCALARS)):
        from .runtime import type_name
        raise type_error(f"unsupported operand type(s) for divmod(): '{type_name(a)}' and '{type_name(b)}'")
    return tuple(wrap(v) for v in _numpy_call(divmod, x, y))


def numpy_unaryop(op, v):
    """``-v``, ``+v``, ``~v`` on a numpy array or scalar."""
    return _numpy_call(_UNARY[op], v.array if isinstance(v, NumpyArray) else v)


# NOTE: a tensor's operator refuses a numpy array, so Python asks the array:
# numpy computes on the tensor's values (tensor.numpy(), an error if it
# requires grad) with numpy's own type promotion, and hands the result to
# Tensor.__array_wrap__, which makes a new tensor without history (uint8 for
# a bool result) -- with NumPy 2's DeprecationWarning about that method.
# Of the reflected operators only ``array / tensor`` has an answer, PyTorch's
# ``tensor.reciprocal() * array``; ``==`` compares as tensors and ``!=`` is
# Python's identity test.
ARRAY_WRAP_WARNING = ("__array_wrap__ must accept context and return_scalar arguments (positionally) in the "
                      "future. (Deprecated NumPy 2.0)")
_NO_REFLECTED = {"+": "Concatenation operation is not implemented for NumPy arrays, use np.concatenate() instead. "
                      "Please do not rely on this error; it may not be given on all Python implementations.",
                 "**": "unsupported operand type(s) for ** or pow(): 'numpy.ndarray' and 'Tensor'"}


def tensor_numpy_binop(op, a, b):
    """An operator on a tensor and a numpy array, as PyTorch with NumPy 2 answers."""
    from .runtime import type_name
    if op in ("==", "!="):
        if op == "!=":
            return True
        from ..ops import compare
        return compare.compare("==", *(Tensor(v.array) if isinstance(v, NumpyArray) else v for v in (a, b)))
    if op in ("<", "<=", ">", ">="):
        raise type_error(f"'{op}' not supported between instances of '{type_name(a)}' and '{type_name(b)}'")
    if type(a) is not Tensor:
        if op != "/":
            raise type_error(_NO_REFLECTED.get(op, f"unsupported operand type(s) for {op}: 'numpy.ndarray' and "
                                                   "'Tensor'"))
        from ..ops import arith
        op, a, b = "*", arith.reciprocal(b), a
    if op not in _OPERATORS:
        raise type_error(f"unsupported operand type(s) for {op}: '{type_name(a)}' and '{type_name(b)}'")
    out = _numpy_call(_OPERATORS[op], numpy_of(a).array, b.array)
    out = out.array if isinstance(out, NumpyArray) else np.asarray(out)
    CONTEXT.warning(ARRAY_WRAP_WARNING, "DeprecationWarning")
    return share_numpy(NumpyArray(out.astype(np.uint8) if out.dtype == np.bool_ else out))


def numpy_attribute(value, name: str):
    """The attributes and methods scripts may use of a numpy array or numpy
    number (a fixed table: nothing else of the object is reachable)."""
    a = value.array if isinstance(value, NumpyArray) else value
    if name == "shape":
        return tuple(a.shape)
    if name == "ndim":
        return a.ndim
    if name == "size":
        return int(a.size)
    if name == "T":
        return wrap(a.T)
    if name == "dtype":
        return a.dtype
    methods = {
        "tolist": a.tolist, "item": a.item, "copy": lambda: wrap(a.copy()),
        "sum": lambda: a.sum(), "mean": lambda: a.mean(), "max": lambda: a.max(), "min": lambda: a.min(),
        "reshape": lambda *shape: wrap(a.reshape(*shape)),
        "astype": lambda dtype: wrap(a.astype(_np_dtype(dtype))),
    }
    if name in methods:
        return Function(name, methods[name])
    return None


def from_numpy(array):
    """``torch.from_numpy``: a tensor sharing the array's memory."""
    if not isinstance(array, NumpyArray):
        from .runtime import type_name
        raise type_error(f"expected np.ndarray (got {type_name(array)})")
    return share_numpy(array)
