"""Operands of the ops: Python values to tensors, PyTorch's type promotion,
casting to the compute dtype, broadcasting shapes and dim arguments, with
PyTorch's error wording. Every ops module shares these."""
from __future__ import annotations

import numpy as np

from ..engine import dtypes as D
from ..engine.tensor import Tensor
from ..errors import GradcliError, index_error, runtime_error, type_error


def as_tensor(x) -> Tensor:
    """A bare list literal used as an operand means torch.tensor(literal)."""
    if type(x) is Tensor:
        return x
    from .create import tensor
    return tensor(x)


# numpy scalars that are numbers (np.str_ and friends are not)
NUMPY_NUMBERS = (np.integer, np.floating, np.bool_)


def numpy_number(v):
    """A numpy scalar as the Python number PyTorch reads it.

    NOTE: PyTorch reads a numpy integer as an int and every other numpy
    number as a float, numpy bools included: ``int_tensor + np.True_`` is
    float32, as with a Python float."""
    return int(v) if isinstance(v, np.integer) else float(v)


def operand(x):
    """A Tensor or Python number as it is; a numpy number as PyTorch reads
    it; a list or tuple as a tensor."""
    if type(x) is Tensor:
        return x
    if isinstance(x, NUMPY_NUMBERS):
        return numpy_number(x)
    if isinstance(x, (bool, int, float)):
        return x
    if isinstance(x, (list, tuple)):
        return as_tensor(x)
    raise type_error(f"unsupported operand type: '{type_name(x)}'")


def as_index(v):
    """``v`` as PyTorch's parser reads an int (an int, a numpy integer, a
    one-element integer tensor: what ``__index__`` takes), or None (a bool
    too: the parser's check refuses it)."""
    if type(v) is int or isinstance(v, np.integer):
        return int(v)
    if type(v) is Tensor and v.data.size == 1 and v.data.dtype.kind in "iu":
        return int(v.data.reshape(()))
    return None


NOT_GIVEN = object()            # a keyword argument the call did not give (None is a value there)


def int_list(fn: str, name: str, args: tuple, keyword=NOT_GIVEN, varargs: bool = True, position: int = 1) -> tuple:
    """A "tuple of ints" parameter (a size, a shape, dims) as PyTorch's
    argument parser reads it: given as ints one by one (``varargs``, taken
    so when the first is an int), as one tuple or list, or by ``keyword``.
    Its TypeErrors otherwise. (Negative sizes are the caller's to refuse.)

    NOTE: the parser checks only a sequence's first element (an int, not a
    bool); the others are read by ``__index__`` as it unpacks them, so
    ``torch.zeros(2, True)`` is ``torch.zeros(2, 1)`` while
    ``torch.zeros((True, 2))`` is refused."""
    if keyword is not NOT_GIVEN:
        if args:
            raise type_error(f"{fn}() got multiple values for argument '{name}'")
        if not isinstance(keyword, (list, tuple)) or (keyword and as_index(keyword[0]) is None):
            raise type_error(f"{fn}(): argument '{name}' must be tuple of ints, not {type_name(keyword)}")
        seq = keyword
    elif not args:
        raise type_error(f'{fn}() missing 1 required positional arguments: "{name}"')
    elif len(args) == 1 and isinstance(args[0], (list, tuple)):
        seq = args[0]
        if seq and as_index(seq[0]) is None:
            raise type_error(f"{fn}(): argument '{name}' (position {position}) must be tuple of ints, but found "
                             f"element of type {type_name(seq[0])} at pos 0")
    elif varargs and as_index(args[0]) is not None:
        seq = args
    elif len(args) > 1:
        raise type_error(f"{fn}() takes 1 positional argument but {len(args)} were given")
    else:
        raise type_error(f"{fn}(): argument '{name}' (position {position}) must be tuple of ints, not "
                         f"{type_name(args[0])}")
    return _unpacked(seq, fn, name)


def _unpacked(seq, fn: str, name: str) -> tuple:
    """A sequence's ints as the parser unpacks them (``__index__``; a bool is an int there)."""
    out = []
    for pos, v in enumerate(seq, 1):
        n = int(v) if type(v) is bool else as_index(v)
        if n is None:
            raise type_error(f"{fn}(): argument '{name}' failed to unpack the object at pos {pos} with error "
                             f'"type must be tuple of ints,but got {type_name(v)}"')
        out.append(n)
    return tuple(out)


def int_tuple(v, fn: str, name: str, position) -> tuple:
    """A sized "tuple of ints" parameter (``int[2] kernel_size``) as
    PyTorch's parser reads it: a list or tuple whose first element is an
    int (the parser checks only that one), the others ints or bools, with
    its messages (``position``: None when given by keyword)."""
    where = f" (position {position})" if position else ""
    if not isinstance(v, (list, tuple)):
        raise type_error(f"{fn}(): argument '{name}'{where} must be tuple of ints, not {type_name(v)}")
    if v and as_index(v[0]) is None:
        raise type_error(f"{fn}(): argument '{name}'{where} must be tuple of ints, but found element of type "
                         f"{type_name(v[0])} at pos 0")
    return _unpacked(v, fn, name)


# ***** PyTorch's argument parser, for a function of one signature *****
_SIGNATURES: dict = {}
_PARSER_TYPES = {"Tensor": "Tensor", "int": "int", "Scalar": "Number", "bool": "bool", "str": "str",
                 "float": "float"}


def _signature(spec: str) -> tuple:
    """``"Tensor input, int? dim=None, *, Tensor? out=None"`` as (the
    parameters: (type, None allowed, name, optional, default, keyword only)
    each, how many may be positional, how many are required)."""
    sig = _SIGNATURES.get(spec)
    if sig is None:
        import ast
        params, keyword_only = [], False
        for part in (p.strip() for p in spec.split(",")):
            if part == "*":
                keyword_only = True
                continue
            decl, eq, default = part.partition("=")
            typ, name = decl.split()
            params.append((typ.rstrip("?"), typ.endswith("?"), name, bool(eq),
                           ast.literal_eval(default.strip()) if eq else None, keyword_only))
        sig = _SIGNATURES[spec] = (tuple(params), sum(1 for p in params if not p[5]),
                                   sum(1 for p in params if not p[3]))
    return sig


def _parsed(typ: str, v):
    """``v`` as a parameter of type ``typ`` takes it (an int parameter takes
    an int, not a bool, or a 0-d integer tensor; a Scalar any number, or a
    0-d tensor that does not require grad), or NOT_GIVEN if it does not."""
    if typ == "Tensor":
        return v if type(v) is Tensor else NOT_GIVEN
    if typ == "bool":
        return v if type(v) is bool else NOT_GIVEN
    if typ == "str":
        return v if type(v) is str else NOT_GIVEN
    if typ == "float":
        if type(v) is bool or type(v) is np.bool_:
            return NOT_GIVEN
        if isinstance(v, (int, float, np.integer, np.floating)):
            return float(v)
        if type(v) is Tensor and v.data.ndim == 0 and not v.requires_grad:
            return float(v.data)
        return NOT_GIVEN
    if typ == "Scalar":
        if isinstance(v, (int, float)):
            return v
        if isinstance(v, NUMPY_NUMBERS):
            return numpy_number(v)
        if type(v) is Tensor and v.data.ndim == 0 and not v.requires_grad:
            return v.data.item()
        return NOT_GIVEN
    if type(v) is int or isinstance(v, np.integer):
        return int(v)
    if type(v) is Tensor and v.data.ndim == 0 and v.data.dtype.kind in "iu":
        return int(v.data)
    return NOT_GIVEN


def parse_native(fn: str, spec: str, args: tuple, kwargs: dict) -> list:
    """The arguments of a call of PyTorch's function ``fn`` of the one
    signature ``spec``, in its order, read as PyTorch's argument parser reads
    them, with its TypeErrors in its words and order (python_arg_parser's
    ``FunctionSignature::parse``; NOTE: its "missing 1 required positional
    arguments" says "arguments" for one, "argument" for more)."""
    params, most, least = _signature(spec)
    n = len(args)
    if n > most:
        s = "" if most == 1 else "s"
        span = f"from {least} to {most}" if least != most else f"{most}"
        raise type_error(f"{fn}() takes {span} positional argument{s} but {n} were given")
    values, used = [], 0
    for i, (typ, none_ok, name, optional, default, _) in enumerate(params):
        v = args[i] if i < n else kwargs.get(name, NOT_GIVEN)
        if i >= n and v is not NOT_GIVEN:
            used += 1
        if v is NOT_GIVEN and optional:
            values.append(default)
        elif v is None and none_ok:
            values.append(None)
        elif v is NOT_GIVEN:
            missing = [p[2] for p in params[i:] if not p[3]]
            raise type_error(f"{fn}() missing {len(missing)} required positional argument"
                             f"{'s' if len(missing) == 1 else ''}: " + ", ".join(f'"{m}"' for m in missing))
        elif typ == "int[]":
            values.append(v if as_index(v) is not None else int_tuple(v, fn, name, i + 1 if i < n else None))
        else:
            parsed = _parsed(typ, v)
            if parsed is NOT_GIVEN:
                where = f" (position {i + 1})" if i < n else ""
                raise type_error(f"{fn}(): argument '{name}'{where} must be {_PARSER_TYPES[typ]}, not {type_name(v)}")
            values.append(parsed)
    if used < len(kwargs):
        names = [p[2] for p in params]
        for k in kwargs:
            if k not in names:
                raise type_error(f"{fn}() got an unexpected keyword argument '{k}'")
            if names.index(k) < n:
                raise type_error(f"{fn}() got multiple values for argument '{k}'")
    return values


def no_negative(size: tuple) -> tuple:
    """A new tensor's ``size``, PyTorch's error for a negative one."""
    for n in size:
        if n < 0:
            raise runtime_error(f"Trying to create tensor with negative dimension {n}: {list(size)}")
    return size


def bool_option(fn: str, name: str, value, none_ok: bool = True) -> bool:
    """A bool parameter (``requires_grad``) as PyTorch's parser takes it: a
    bool, or None for its default where the parameter allows it."""
    if type(value) is bool or (value is None and none_ok):
        return bool(value)
    raise type_error(f"{fn}(): argument '{name}' must be bool, not {type_name(value)}")


def type_name(x) -> str:
    if type(x) is Tensor:
        return "Tensor"
    if isinstance(x, np.generic):
        return f"numpy.{type(x).__name__}"
    if isinstance(x, np.dtype):
        return f"numpy.dtypes.{type(x).__name__}"
    return {bool: "bool", int: "int", float: "float", str: "str", type(None): "NoneType",
            list: "list", tuple: "tuple"}.get(type(x), getattr(type(x), "display_name", type(x).__name__))


class _ValueText:
    """How a script value appears in a message that PyTorch writes with an
    f-string (a tensor as PyTorch prints it, a 0-d one as its item, a
    function as ``<built-in function print>``): the interpreter's
    ``format(v, "")``, given with ``use_value_text``."""
    __slots__ = ("fn",)

    def __init__(self):
        self.fn = str


VALUE_TEXT = _ValueText()


def use_value_text(fn):
    """``fn(value) -> str``: Python's ``format(value, "")`` of a script value."""
    VALUE_TEXT.fn = fn


def python_format(v) -> str:
    """``f"{v}"`` as Python with PyTorch writes it."""
    return VALUE_TEXT.fn(v)


def result_dtype(*xs) -> D.DType:
    """PyTorch's type promotion over tensors (dimensioned before 0-dim) and numbers."""
    dim, zero, scalars = [], [], []
    for x in xs:
        if type(x) is Tensor:
            (dim if x.data.ndim else zero).append(D.of_array(x.data))
        else:
            scalars.append(x)
    return D.result_type(dim, zero, scalars)


def quick_dtype(a, b, ta, tb):
    """The common cases of result_dtype, without building lists (None: ask it)."""
    if ta and tb:
        return D.of_array(a.data) if a.data.dtype == b.data.dtype else None
    t, s = (a, b) if ta else (b, a)
    k = t.data.dtype.kind
    if k == "f" or (k in "iu" and type(s) is int):
        return D.of_array(t.data)
    return None


def as_compute(x, dt: D.DType):
    """``x`` (Tensor or number) as a numpy value of dtype ``dt``."""
    if type(x) is Tensor:
        d = x.data
        return d if d.dtype == dt.np else d.astype(dt.np)
    if dt.category == 2:
        return float(x) if not isinstance(x, float) else x
    if type(x) is int and not -128 <= x < 128 and dt.category == 1:
        return wrapped_int(x, dt.np)
    return x


# the C++ type names in PyTorch's "value cannot be converted" errors
_CONVERT_NAMES = {"int8": "int8_t", "int16": "int16_t", "int32": "int", "int64": "int64_t", "uint8": "uint8_t",
                  "float32": "float"}
_FLOAT32_MAX = float(np.finfo(np.float32).max)


def checked_scalar(value, np_dtype, unpacked: bool = False):
    """A number written into a tensor of ``np_dtype`` (``x[i] = v``,
    ``fill_``, ``full``, ``masked_fill``), after PyTorch's
    ``checked_convert``: a value the dtype cannot hold is its RuntimeError
    (an unsigned dtype takes negatives down to minus its maximum, which
    wrap); an int beyond 64 bits, where ``unpacked`` (setitem reads the
    number as a C long long first), its ValueError. Returns the value as
    numpy then stores it."""
    if type(value) is bool or not isinstance(value, (int, float)):
        return value
    if unpacked and type(value) is int and not -(1 << 63) <= value < 1 << 63:
        raise GradcliError("ValueError", "Overflow when unpacking long long")
    if np_dtype.kind in "iu":
        low, high = storable_range(np_dtype)
        if not low <= value <= high:        # NaN too
            raise runtime_error(f"value cannot be converted to type {_CONVERT_NAMES[np_dtype.name]} without overflow")
        return wrapped_int(value, np_dtype) if type(value) is int else value
    if np_dtype.name == "float32" and abs(value) > _FLOAT32_MAX and value != float("inf") and value == value:
        raise runtime_error("value cannot be converted to type float without overflow")
    return value


def storable_range(np_dtype) -> tuple:
    """The numbers PyTorch lets into an integer dtype when it stores one
    (``checked_convert``): its range, and for an unsigned dtype negatives
    down to minus its maximum, which wrap."""
    info = np.iinfo(np_dtype)
    return (info.min if np_dtype.kind == "i" else -info.max), info.max


def wrapped_int(x: int, np_dtype) -> int:
    """A Python int as PyTorch casts a number into an integer tensor's
    dtype in arithmetic (``a + 2**40``): its 64-bit two's complement,
    cut to the dtype's width (``int32 + 2**31`` is ``-2**31``).

    NOTE: an int that 64 bits cannot hold is PyTorch's OverflowError."""
    if not -(1 << 63) <= x < 1 << 64:
        raise GradcliError("OverflowError", "int too big to convert")
    info = np.iinfo(np_dtype)
    x &= (1 << info.bits) - 1
    return x - (1 << info.bits) if info.min < 0 and x > info.max else x


def as_dtype(out, dt: D.DType) -> np.ndarray:
    """A forward's result as an array of dtype ``dt``."""
    if type(out) is not np.ndarray:
        out = np.asarray(out)
    o, want = out.dtype, dt.np
    return out if o is want or o == want else out.astype(want)


def shape_of(x) -> tuple:
    return x.data.shape if type(x) is Tensor else ()


def broadcast_shape(a_shape, b_shape):
    n = max(len(a_shape), len(b_shape))
    a = (1,) * (n - len(a_shape)) + tuple(a_shape)
    b = (1,) * (n - len(b_shape)) + tuple(b_shape)
    # NOTE: PyTorch's infer_size checks from the last dim, and names the first mismatch it meets
    for i in range(n - 1, -1, -1):
        x, y = a[i], b[i]
        if x != y and x != 1 and y != 1:
            raise runtime_error(f"The size of tensor a ({x}) must match the size of tensor b ({y}) "
                                f"at non-singleton dimension {i}")
    return tuple(y if x == 1 else x for x, y in zip(a, b))


def normalize_dims(dim, ndim: int) -> tuple:
    """``dim`` (an int or a sequence) as non-negative dims, PyTorch's errors."""
    if isinstance(dim, np.integer):
        dim = int(dim)
    if not isinstance(dim, (int, list, tuple)):
        raise type_error(f"dim must be an int or a tuple of ints, not {type_name(dim)}")
    dims = (dim,) if isinstance(dim, int) else tuple(dim)
    lo, hi = (-ndim, ndim - 1) if ndim else (-1, 0)
    out = []
    for d in dims:
        if type(d) is not int and isinstance(d, np.integer):
            d = int(d)
        if not isinstance(d, int) or isinstance(d, bool):
            raise type_error(f"dim must be an int or a tuple of ints, not {type_name(d)}")
        if not lo <= d <= hi:
            raise index_error(f"Dimension out of range (expected to be in range of [{lo}, {hi}], but got {d})")
        dd = d % ndim if ndim else 0
        if dd in out:
            raise runtime_error(f"dim {dd} appears multiple times in the list of dims")
        out.append(dd)
    return tuple(out)


def normalize_dim(dim, ndim: int) -> int:
    return normalize_dims(dim, ndim)[0]


def existing_dim(dim, ndim: int) -> int:
    """``normalize_dim`` for a query of one dim (``size(d)``, ``stride(d)``),
    which a 0-d tensor has none of: PyTorch's error for it."""
    if ndim == 0 and isinstance(dim, (int, np.integer)) and not isinstance(dim, bool):
        raise index_error(f"Dimension specified as {int(dim)} but tensor has no dimensions")
    return normalize_dim(dim, ndim)
