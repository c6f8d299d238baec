"""Creating tensors, converting them, and the autograd-state methods
(``requires_grad_``, ``detach``, ``numpy``, ``item``, ...)."""
from __future__ import annotations

import math
from itertools import chain

import numpy as np

from ..engine import dtypes as D
from ..engine.autograd import record
from ..engine.context import CONTEXT
from ..engine.tensor import CPU, Tensor
from ..errors import GradcliError, runtime_error, type_error, value_error
from .device import to_arguments
from .operands import (NOT_GIVEN, NUMPY_NUMBERS, bool_option, checked_scalar, int_list, no_negative, numpy_number,
                       storable_range, type_name)
from .oprow import implements
from .table import OPS


class NumpyArray:
    """What ``.numpy()`` returns: a numpy array, shown as numpy shows it."""
    __slots__ = ("array",)
    display_name = "numpy.ndarray"

    def __init__(self, array):
        self.array = array


# ***** from data *****

# NOTE: PyTorch warns (once per line) that torch.tensor(t) of a tensor t is
# better written t.detach().clone(); and, once per run, that a list of numpy
# arrays is slow, and that a number taken from a tensor that requires grad
# has no history.
COPY_WARNING = ("To copy construct from a tensor, it is recommended to use sourceTensor.detach().clone() or "
                "sourceTensor.detach().clone().requires_grad_(True), rather than torch.tensor(sourceTensor).")
ARRAY_LIST_WARNING = ("Creating a tensor from a list of numpy.ndarrays is extremely slow. Please consider converting "
                      "the list to a single numpy.ndarray with numpy.array() before converting to a tensor. "
                      "(Triggered internally at /__w/pytorch/pytorch/torch/csrc/utils/tensor_new.cpp:252.)")
SCALAR_WARNING = ("Converting a tensor with requires_grad=True to a scalar may lead to unexpected behavior.\n"
                  "Consider using tensor.detach() first. (Triggered internally at "
                  "/__w/pytorch/pytorch/torch/csrc/autograd/generated/python_variable_methods.cpp:822.)")

OVERFLOW = "Overflow when unpacking long long"      # a Python int beyond int64
_PY_NUMBERS = frozenset((bool, int, float))
_SEQUENCES = (list, tuple, range)
MAX_DIMS = 64


def numpy_dtype(dt: np.dtype) -> D.DType:
    """The tensor dtype of a numpy dtype, with PyTorch's error for the types
    it cannot convert (and a clear one for those gradcli does not offer)."""
    found = D.of_numpy(dt)
    if found is not None:
        return found
    if dt.kind == "c" or dt in (np.uint16, np.uint32, np.uint64):
        raise GradcliError("NotImplementedError", f"gradcli does not support {dt.name} tensors",
                           hint="gradcli's dtypes: " + ", ".join(d.name for d in D.ALL))
    raise type_error(f"can't convert np.ndarray of type numpy.{dt.type.__name__}. The only supported types are: "
                     "float64, float32, float16, complex64, complex128, int64, int32, int16, int8, uint64, uint32, "
                     "uint16, uint8, and bool.")


class Literal:
    """A matrix literal's nested lists of Python numbers, handed straight to
    ``torch.tensor`` by the call site that writes it as the data (the
    compiler's, ``lang/evaluate.py``): no copy of the lists is needed, and
    no scan for numpy scalars (a literal has none)."""
    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


def _data_array(data, dtype=None):
    """``torch.tensor(data)``'s values as a numpy array, and the dtype PyTorch
    infers for them (None when ``dtype`` is given), with PyTorch's errors."""
    literal = type(data) is Literal
    if literal:
        data = data.value
    if type(data) is Tensor:
        return data.data.copy(), D.of_array(data.data)
    if isinstance(data, NumpyArray):
        return data.array.copy(), numpy_dtype(data.array.dtype)
    if isinstance(data, np.generic):
        return np.array(data), numpy_dtype(data.dtype)
    if type(data) in _PY_NUMBERS:
        return np.array(data), D.of_scalar(data)
    if not isinstance(data, _SEQUENCES):
        _item_dtype(data)           # PyTorch's error for what is no number
        raise type_error(f"new(): data must be a sequence (got {type_name(data)})")
    try:                      # the fast path: plain nested numbers
        arr = np.array(data)
        if arr.dtype.kind in "biuf" and (literal or _only_python_numbers(data, arr.ndim)):
            return arr, (_plain_dtype(arr) if dtype is None else None)
    except (ValueError, TypeError):
        pass
    except OverflowError:
        raise value_error(OVERFLOW) from None
    inferred = _infer(data) if dtype is None else None
    return _nested_values(data, dtype or inferred), inferred


def _only_python_numbers(data, ndim) -> bool:
    """Whether the items at depth ``ndim`` of rectangular ``data`` are all
    Python bools, ints and floats (no numpy scalars: they keep their dtype)."""
    rows = [data]
    for _ in range(ndim - 1):
        rows = list(chain.from_iterable(rows))
    return all(_PY_NUMBERS.issuperset(map(type, row)) for row in rows)


def _plain_dtype(arr: np.ndarray) -> D.DType:
    """The dtype PyTorch infers for Python numbers: bools, ints -> int64, any float -> float32."""
    k = arr.dtype.kind
    return D.bool_ if k == "b" else D.int64 if k in "iu" else D.DEFAULT_FLOAT


def _item_dtype(v):
    """The dtype of one item of tensor data; None for a sequence (its items count)."""
    if isinstance(v, np.generic):
        return numpy_dtype(v.dtype)
    if type(v) in _PY_NUMBERS:
        return D.of_scalar(v)
    if type(v) is Tensor:
        return D.of_array(v.data)
    if isinstance(v, NumpyArray):
        return numpy_dtype(v.array.dtype)
    if isinstance(v, _SEQUENCES):
        return None if len(v) else D.DEFAULT_FLOAT
    if isinstance(v, str):
        raise type_error(f"new(): invalid data type '{type_name(v)}'")
    raise runtime_error(f"Could not infer dtype of {type_name(v)}")


def _infer(data) -> D.DType:
    """PyTorch's dtype for nested data: the promotion of every item's dtype
    (a tensor's, a numpy array's or scalar's own; int64, float32 or bool
    for Python numbers), visited in order without recursion."""
    best = None
    stack = [iter(data)]
    while stack:
        for v in stack[-1]:
            d = _item_dtype(v)
            if d is None:
                stack.append(iter(v))
                break
            best = d if best is None else D.promote_pair(best, d)
        else:
            stack.pop()
    return best or D.DEFAULT_FLOAT


def _sizes(data) -> list:
    """The shape of nested data, read along the first items (a tensor there
    is one item; a numpy array gives its own shape), as PyTorch reads it."""
    sizes, seq = [], data
    while True:
        if isinstance(seq, NumpyArray):
            if seq.array.ndim == 0:
                raise type_error("len() of unsized object")
            sizes.extend(seq.array.shape)
            break
        if not isinstance(seq, _SEQUENCES):
            break
        sizes.append(len(seq))
        if len(sizes) > MAX_DIMS:
            raise value_error(f"too many dimensions '{type_name(seq)}'")
        if not len(seq):
            break
        seq = seq[0]
    return sizes


def _rows(item):
    """The items of ``item`` where the data needs a sequence, or None."""
    if isinstance(item, _SEQUENCES):
        return item
    if isinstance(item, NumpyArray):
        CONTEXT.warning(ARRAY_LIST_WARNING)
        if item.array.ndim == 0:
            return None
        return [NumpyArray(r) if isinstance(r, np.ndarray) else r for r in item.array]
    if type(item) is Tensor:
        if item.data.ndim == 0:
            raise type_error("iteration over a 0-d tensor")
        return [Tensor(r) if isinstance(r, np.ndarray) else Tensor(np.asarray(r)) for r in item.data]
    return None


def _nested_values(data, dt: D.DType) -> np.ndarray:
    """Nested data holding tensors, numpy values or ragged lists as an array
    of ``dt``, checked depth by depth as PyTorch stores it (no recursion)."""
    sizes = _sizes(data)
    level = [data]
    for dim, n in enumerate(sizes):
        nxt = []
        for item in level:
            rows = _rows(item)
            if rows is None:
                raise type_error("not a sequence")
            if len(rows) != n:
                raise value_error(f"expected sequence of length {n} at dim {dim} (got {len(rows)})")
            nxt.extend(rows)
        level = nxt
    CONTEXT.check_size(len(level))
    values = [_stored_number(v, dt) for v in level]
    try:
        return np.array(values, dtype=dt.np).reshape(sizes)
    except OverflowError:
        raise value_error(OVERFLOW) from None


def _stored_number(v, dt: D.DType):
    """One item of tensor data as the number stored in a ``dt`` tensor."""
    if isinstance(v, np.bool_) and dt.category == 1:
        raise type_error(f"'{type_name(v)}' object cannot be interpreted as an integer")
    if type(v) in _PY_NUMBERS or isinstance(v, np.generic):
        return v
    if isinstance(v, NumpyArray):
        CONTEXT.warning(ARRAY_LIST_WARNING)
        if v.array.ndim == 0:
            return v.array[()]
    elif type(v) is Tensor:
        # NOTE: PyTorch reads the number as a float (any one-element tensor)
        # or as an index (one-element integer or bool tensors only).
        if dt.category == 2:
            if v.data.size != 1:
                raise value_error("only one element tensors can be converted to Python scalars")
            if v.requires_grad:
                CONTEXT.warning(SCALAR_WARNING)
        elif v.data.size != 1 or v.data.dtype.kind not in "biu":
            raise type_error("only integer tensors of a single element can be converted to an index")
        return v.data.reshape(()).item()
    if dt.category == 2:
        raise type_error(f"must be real number, not {type_name(v)}")
    raise type_error(f"'{type_name(v)}' object cannot be interpreted as an integer")


def _check_dtype(fn, dtype):
    if dtype is not None and not isinstance(dtype, D.DType):
        raise type_error(f"{fn}(): argument 'dtype' must be torch.dtype, not {type_name(dtype)}")


def _finish(arr, dt: D.DType, requires_grad):
    CONTEXT.check_size(arr.size)
    try:
        out = np.array(arr, dtype=dt.np, copy=True) if arr.dtype != dt.np or not arr.flags.owndata else arr
    except OverflowError:
        raise value_error(OVERFLOW) from None
    t = Tensor(out if out.flags.c_contiguous else out.copy())
    if requires_grad:
        _factory_requires_grad(t)
    return t


def tensor(data, *, dtype=None, device=None, requires_grad=False):
    """``torch.tensor``: a new tensor of the data's values, in ``dtype`` or
    the one PyTorch infers (a tensor's, a numpy array's or scalar's own)."""
    _check_dtype("tensor", dtype)
    requires_grad = bool_option("tensor", "requires_grad", requires_grad, none_ok=False)
    if type(data) is Tensor:
        CONTEXT.warning(COPY_WARNING)
    arr, inferred = _data_array(data, dtype)
    return _finish(_checked_numbers(data, arr, dtype or inferred), dtype or inferred, requires_grad)


def _checked_numbers(data, arr: np.ndarray, dt: D.DType) -> np.ndarray:
    """``arr``, the values of Python numbers in ``data``, after PyTorch's
    checks as it stores each in ``dt``: an int beyond int64 cannot be read,
    and an integer dtype takes no value out of its range (an unsigned one
    takes negatives down to minus its maximum, which wrap). Tensors and
    numpy data are cast as they are."""
    if isinstance(data, (Tensor, NumpyArray, np.generic)) or arr.dtype.kind not in "uif":
        return arr
    if arr.dtype == np.uint64:              # numpy's type for ints from 2**63 on
        raise value_error(OVERFLOW)
    if dt.category == 1 and arr.size:
        low, high = storable_range(dt.np)
        if not (low <= arr.min() and arr.max() <= high):      # NaN too
            raise runtime_error(f"value cannot be converted to type {dt.name} without overflow")
    return arr


def _legacy(dt):
    def ctor(*args):
        if len(args) == 1 and isinstance(args[0], (list, tuple, Tensor, NumpyArray)):
            arr, _ = _data_array(args[0], dt)
            return _finish(_checked_numbers(args[0], arr, dt), dt, False)
        if all(isinstance(a, int) and not isinstance(a, bool) for a in args):
            return _finish(np.zeros(args), dt, False)
        raise type_error(f"{dt.torch_type}(): invalid arguments; pass a list of numbers or sizes")
    ctor.__name__ = ctor.__qualname__ = dt.torch_type
    return ctor


FloatTensor = _legacy(D.float32)


def Tensor_(*args):
    """``torch.Tensor(...)``: the legacy constructor of the default dtype."""
    return (FloatTensor if D.DEFAULT_FLOAT is D.float32 else _legacy(D.DEFAULT_FLOAT))(*args)


DoubleTensor = _legacy(D.float64)
LongTensor = _legacy(D.int64)
IntTensor = _legacy(D.int32)
BoolTensor = _legacy(D.bool_)


# ***** factories *****

def _size_args(size):
    if len(size) == 1 and isinstance(size[0], (list, tuple)):
        size = tuple(size[0])
    size = tuple(int(s) if isinstance(s, np.integer) else s for s in size)
    for s in size:
        if not isinstance(s, int) or isinstance(s, bool):
            raise type_error(f"size must be a tuple of ints, but got {type_name(s)}")
        if s < 0:
            raise runtime_error(f"Trying to create tensor with negative dimension {s}: {list(size)}")
    return tuple(size)


def _filled(fn, size, value, dtype, requires_grad):
    requires_grad = bool_option(fn, "requires_grad", requires_grad)
    n = int(np.prod(size)) if size else 1
    CONTEXT.check_size(n)
    dt = dtype or D.DEFAULT_FLOAT
    t = Tensor(np.full(size, checked_scalar(value, dt.np), dtype=dt.np))
    if requires_grad:
        _factory_requires_grad(t)
    return t


def _sized(fn: str, args, keyword=NOT_GIVEN, varargs: bool = True) -> tuple:
    """A factory's size, given as ints, as one sequence or as ``size=``."""
    return no_negative(int_list(fn, "size", args, keyword, varargs))


def zeros(*args, size=NOT_GIVEN, dtype=None, device=None, requires_grad=False):
    size = int_list("zeros", "size", args, size)
    if any(n < 0 for n in size):
        # NOTE: PyTorch's zeros checks the sizes itself, in its own words
        raise runtime_error("zeros: Dimension size must be non-negative.")
    return _filled("zeros", size, 0, dtype, requires_grad)


def ones(*args, size=NOT_GIVEN, dtype=None, device=None, requires_grad=False):
    return _filled("ones", _sized("ones", args, size), 1, dtype, requires_grad)


def empty(*args, size=NOT_GIVEN, dtype=None, device=None, requires_grad=False):
    return _filled("empty", _sized("empty", args, size), 0, dtype, requires_grad)


def full(size, fill_value, *, dtype=None, device=None, requires_grad=False):
    if isinstance(fill_value, NUMPY_NUMBERS):
        fill_value = numpy_number(fill_value)
    if dtype is None:
        dtype = D.of_scalar(fill_value)
    return _filled("full", _sized("full", (size,), varargs=False), fill_value, dtype, requires_grad)


def eye(n, m=None, *, dtype=None, device=None, requires_grad=False):
    m = n if m is None else m
    _size_args((n, m))
    CONTEXT.check_size(n * m)
    t = Tensor(np.eye(n, m, dtype=(dtype or D.DEFAULT_FLOAT).np))
    if requires_grad:
        _factory_requires_grad(t)
    return t


def arange(start, end=None, step=1, *, dtype=None, device=None, requires_grad=False):
    if end is None:
        start, end = 0, start
    if step == 0:
        raise runtime_error("step must be nonzero")
    if not (math.isfinite(start) and math.isfinite(end)):
        raise runtime_error(f"unsupported range: {float(start):g} -> {float(end):g}")     # C++'s ostream of a double
    if (end - start) / step < 0:
        raise runtime_error("upper bound and lower bound inconsistent with step sign")
    if dtype is None:
        dtype = D.result_type([], [], [start, end, step])
        if all(isinstance(v, int) for v in (start, end, step)):
            dtype = D.int64
    n = int(np.ceil((end - start) / step))
    CONTEXT.check_size(n)
    arr = (start + np.arange(n, dtype=np.float64) * step) if dtype.category == 2 else np.arange(start, end, step)
    t = Tensor(arr.astype(dtype.np))
    if requires_grad:
        _factory_requires_grad(t)
    return t


def _number(v):
    """A 0-d tensor argument as its number (PyTorch's tensor overloads)."""
    return v.data.reshape(()).item() if type(v) is Tensor and v.data.size == 1 else v


def linspace(start, end, steps, *, dtype=None, device=None, requires_grad=False):
    start, end = _number(start), _number(end)
    if not isinstance(steps, int) or steps < 0:
        raise runtime_error("number of steps must be non-negative")
    CONTEXT.check_size(steps)
    dt = dtype or D.DEFAULT_FLOAT
    if steps == 1:
        arr = np.array([start], dtype=np.float64)
    else:
        # NOTE: PyTorch fills the first half forward from start and the second
        # half back from end, in the dtype's own precision, each element one
        # fused multiply-add -- emulated here in a wider type so the last
        # digit matches (exactly for float32).
        npt = dt.np.type if dt.category == 2 else np.float64
        wide = np.float64 if npt == np.float32 else np.longdouble
        lo, hi = npt(start), npt(end)
        step = np.asarray((hi - lo) / npt(steps - 1), dtype=wide)
        idx = np.arange(steps)
        arr = np.where(idx < steps // 2, lo + step * idx, hi - step * (steps - 1 - idx))
    t = Tensor(arr.astype(dt.np))
    if requires_grad:
        _factory_requires_grad(t)
    return t


def as_tensor(data, dtype=None, device=None):
    """``torch.as_tensor``: the tensor itself, or a numpy array's memory,
    when no conversion is needed; never PyTorch's copy warning."""
    _check_dtype("as_tensor", dtype)
    if type(data) is Tensor:
        from .arith import to_dtype
        return data if dtype is None else to_dtype(data, dtype)
    if isinstance(data, NumpyArray) and dtype in (None, numpy_dtype(data.array.dtype)):
        return share_numpy(data)
    arr, inferred = _data_array(data, dtype)
    return _finish(arr, dtype or inferred, False)


def share_numpy(array: NumpyArray) -> Tensor:
    """A tensor sharing a numpy array's memory (``torch.from_numpy``)."""
    numpy_dtype(array.array.dtype)
    return Tensor(array.array)


def logspace(start, end, steps, base=10.0, *, dtype=None, layout=None, device=None, requires_grad=False):
    """``base ** linspace(start, end, steps)``, computed as PyTorch does in the dtype's precision."""
    lin = linspace(_number(start), _number(end), steps, dtype=D.float64)
    dt = dtype or D.DEFAULT_FLOAT
    arr = np.power(np.float64(base), lin.data)
    return _finish(arr.astype(dt.np), dt, requires_grad)


def zeros_like(input, *, dtype=None, layout=None, device=None, requires_grad=False,
              memory_format=None):
    return _filled("zeros_like", input.shape, 0, dtype or input.dtype, requires_grad)


def ones_like(input, *, dtype=None, layout=None, device=None, requires_grad=False,
              memory_format=None):
    return _filled("ones_like", input.shape, 1, dtype or input.dtype, requires_grad)


def full_like(input, fill_value, *, dtype=None, layout=None, device=None, requires_grad=False,
              memory_format=None):
    return _filled("full_like", input.shape, fill_value, dtype or input.dtype, requires_grad)


# ***** x.new_*(): factories in x's dtype *****
# NOTE: PyTorch's new_* take the size as varargs or as one sequence (new_full
# as one sequence only), the dtype of self unless given, and new_tensor
# warns like torch.tensor(tensor), naming itself.
NEW_COPY_WARNING = COPY_WARNING.replace("torch.tensor(sourceTensor)", "tensor.new_tensor(sourceTensor)")


def _missing(fn, name):
    raise type_error(f'{fn}() missing 1 required positional arguments: "{name}"')


def _new_options(fn, self, dtype, requires_grad):
    _check_dtype(fn, dtype)
    bool_option(fn, "requires_grad", requires_grad, none_ok=fn != "new_tensor")
    return dtype or D.of_array(self.data)


def _new_filled(fn, self, args, size, value, dtype, requires_grad):
    shape = _sized(fn, args, size)
    return _filled(fn, shape, value, _new_options(fn, self, dtype, requires_grad), requires_grad)


def new_ones(self, *args, size=NOT_GIVEN, dtype=None, device=None, requires_grad=False, layout=None, pin_memory=False):
    return _new_filled("new_ones", self, args, size, 1, dtype, requires_grad)


def new_zeros(self, *args, size=NOT_GIVEN, dtype=None, device=None, requires_grad=False, layout=None, pin_memory=False):
    return _new_filled("new_zeros", self, args, size, 0, dtype, requires_grad)


def new_empty(self, *args, size=NOT_GIVEN, dtype=None, device=None, requires_grad=False, layout=None, pin_memory=False):
    return _new_filled("new_empty", self, args, size, 0, dtype, requires_grad)


def new_full(self, size=NOT_GIVEN, fill_value=NOT_GIVEN, *, dtype=None, device=None, requires_grad=False,
             layout=None, pin_memory=False):
    for name, value in (("size", size), ("fill_value", fill_value)):
        if value is NOT_GIVEN:
            _missing("new_full", name)
    dt = _new_options("new_full", self, dtype, requires_grad)
    if type(fill_value) is Tensor and fill_value.data.size == 1:
        fill_value = fill_value.data.reshape(()).item()
    elif isinstance(fill_value, NUMPY_NUMBERS):
        fill_value = numpy_number(fill_value)
    elif type(fill_value) not in _PY_NUMBERS:
        raise type_error(f"new_full(): argument 'fill_value' (position 2) must be Number, not {type_name(fill_value)}")
    return _filled("new_full", _sized("new_full", (size,), varargs=False), fill_value, dt, requires_grad)


def new_tensor(self, data=NOT_GIVEN, *, dtype=None, device=None, requires_grad=False, layout=None,
               pin_memory=False):
    """``x.new_tensor(data)``: ``torch.tensor(data)`` in x's dtype unless ``dtype`` is given."""
    if data is NOT_GIVEN:
        _missing("new_tensor", "data")
    dt = _new_options("new_tensor", self, dtype, requires_grad)
    if type(data) is Tensor:
        CONTEXT.warning(NEW_COPY_WARNING)
    arr, _ = _data_array(data, dt)
    return _finish(arr, dt, requires_grad)


NEW = {"new_ones": new_ones, "new_zeros": new_zeros, "new_empty": new_empty, "new_full": new_full,
       "new_tensor": new_tensor}


# ***** autograd state *****

def _factory_requires_grad(t: Tensor):
    """``requires_grad=True`` in a factory call: PyTorch capitalises this message."""
    if t.data.dtype.kind not in "fc":
        raise runtime_error("Only Tensors of floating point and complex dtype can require gradients")
    t.requires_grad = True


def requires_grad_(t: Tensor, requires_grad=True):
    if not isinstance(requires_grad, bool):
        raise type_error(f"requires_grad_(): argument 'requires_grad' must be bool, not {type_name(requires_grad)}")
    if t.grad_fn is not None and not requires_grad:
        raise runtime_error("you can only change requires_grad flags of leaf variables. If you want to use a "
                            "computed variable in a subgraph that doesn't require differentiation use "
                            "var_no_grad = var.detach().")
    if requires_grad and t.data.dtype.kind not in "fc":
        raise runtime_error("only Tensors of floating point dtype can require gradients")
    if t.grad_fn is None:
        t.requires_grad = requires_grad
    return t


def set_requires_grad(t: Tensor, value):
    """``x.requires_grad = flag``: PyTorch's messages differ slightly from the method's."""
    if t.grad_fn is not None and not value:
        raise runtime_error("you can only change requires_grad flags of leaf variables. If you want to use a "
                            "computed variable in a subgraph that doesn't require differentiation use "
                            "var_no_grad = var.detach().")
    if value and t.data.dtype.kind not in "fc":
        raise runtime_error("only Tensors of floating point and complex dtype can require gradients")
    if t.grad_fn is None:
        t.requires_grad = bool(value)


def detach(t: Tensor) -> Tensor:
    return Tensor(t.data, False, None, t._version)


_VARIABLE_ARGS = ("data", "requires_grad", "volatile", "_grad_fn", "name")


def Variable(*args, **kwargs) -> Tensor:
    """``torch.autograd.Variable(data, requires_grad=False)``, PyTorch's legacy
    constructor: ``data.detach()`` (the same data and version counter) with
    requires_grad set; no data: an empty tensor of the default dtype."""
    if len(args) > 5:
        raise type_error(f"function takes at most 5 arguments ({len(args)} given)")
    for k in kwargs:
        if k not in _VARIABLE_ARGS:
            raise type_error(f"'{k}' is an invalid keyword argument for this function")
    given = dict(zip(_VARIABLE_ARGS, args), **kwargs)
    data = given.get("data")
    if data is None:
        t = Tensor(np.zeros(0, D.DEFAULT_FLOAT.np))
    elif type(data) is Tensor:
        t = detach(data)
    else:
        raise type_error(f"Variable data has to be a tensor, but got {type_name(data)}")
    if given.get("volatile"):
        CONTEXT.warning("volatile was removed and now has no effect. Use `with torch.no_grad():` instead.")
    if given.get("requires_grad"):
        if t.data.dtype.kind not in "fc":
            raise runtime_error("Only Tensors of floating point and complex dtype can require gradients")
        t.requires_grad = True
    return t


def data_of(t: Tensor) -> Tensor:
    """``t.data``: the same data, no history, and (unlike ``detach()``) a
    version counter of its own, as in PyTorch."""
    return Tensor(t.data, False)


def detach_(t: Tensor) -> Tensor:
    if t._view is not None:
        raise runtime_error(
            "Can't detach views in-place. Use detach() instead. If you are using DistributedDataParallel (DDP) "
            "for training, and gradient_as_bucket_view is set as True, gradients are views of DDP buckets, and "
            "hence detach_() cannot be called on these gradients. To fix this error, please refer to the "
            "Optimizer.zero_grad() function in torch/optim/optimizer.py as the solution.")
    t.grad_fn = None
    t.requires_grad = False
    return t


def numpy(t: Tensor, *, force=False):
    if t.requires_grad and not force:
        raise runtime_error("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.")
    return NumpyArray(t.data)


def item(t: Tensor):
    if t.data.size != 1:
        raise runtime_error(f"a Tensor with {t.data.size} elements cannot be converted to Scalar")
    return t.data.reshape(()).item()


def tolist(t: Tensor):
    return t.data.tolist()


@implements("clone")
def clone(t: Tensor) -> Tensor:
    return record(OPS["clone"], (t,), {}, OPS["clone"].forward(t.data), None)


# ***** dtype conversions *****

def to(t: Tensor, *args, **kwargs):
    """``x.to(device, dtype)``, ``x.to(dtype)``, ``x.to(other)`` and their
    keyword forms: ``x`` itself unless the dtype, the device or ``copy=True``
    asks for a new tensor."""
    device, dtype, copy = to_arguments(args, kwargs)
    # NOTE: 'cpu:0' is not the device of a CPU tensor ('cpu'), so PyTorch copies.
    if copy or (dtype is not None and dtype.np != t.data.dtype) or (device is not None and device != CPU):
        from .arith import to_copy
        return to_copy(t, dtype or D.of_array(t.data))
    return t


def _conv(dt):
    def f(t):
        from .arith import to_dtype
        return to_dtype(t, dt)
    return f


float_ = _conv(D.float32)
double = _conv(D.float64)
long = _conv(D.int64)
int_ = _conv(D.int32)
bool_ = _conv(D.bool_)


TENSOR_TYPES = {f"torch.{d.torch_type}": d for d in D.ALL}     # the legacy tensor types' names


def type_(t, dtype=None, non_blocking=False, **kwargs):
    """``x.type()``: the tensor type's name ("torch.FloatTensor"); with a
    dtype, such a name or a type (``torch.LongTensor``; ``torch.Tensor`` is
    the default one), the tensor in that dtype (itself if it has it)."""
    if dtype is None:
        return "torch." + D.of_array(t.data).torch_type
    qualname = getattr(dtype, "qualname", None)     # a script's type object (lang's PyType)
    if isinstance(qualname, str):
        # NOTE: PyTorch looks up the type's C name: "int", "torch.Size", a Python class's own name ("Linear")
        dtype = "torch." + D.DEFAULT_FLOAT.torch_type if qualname == "torch.Tensor" else \
            qualname if qualname.count(".") < 2 else qualname.rsplit(".", 1)[-1]
    if isinstance(dtype, str):
        if dtype.startswith("torch.cuda."):
            from .device import check_device
            check_device("cuda")
        dt = TENSOR_TYPES.get(dtype)
        if dt is None:
            raise value_error(f"invalid type: '{dtype}'")
    elif isinstance(dtype, D.DType):
        dt = dtype
    else:
        raise type_error("dtype must be a type, str, or dtype object")
    if dt.np == t.data.dtype:
        return t
    from .arith import to_dtype
    return to_dtype(t, dt)


def type_as(t, other):
    from .arith import to_dtype
    return to_dtype(t, other.dtype)


def _triangle_indices(fn, upper):
    def indices(row, col, offset=0, *, dtype=None, device=None, layout=None, requires_grad=False):
        for name, pos, v in (("row", 1, row), ("col", 2, col), ("offset", 3, offset)):
            if not isinstance(v, int) or isinstance(v, bool):
                raise type_error(f"{fn}(): argument '{name}' (position {pos}) must be int, not {type_name(v)}")
        if row < 0:
            raise runtime_error(f"row must be non-negative, got{row}")
        if col < 0:
            raise runtime_error(f"col must be non-negative, got{col}")
        r, c = (np.triu_indices if upper else np.tril_indices)(row, offset, col)
        return Tensor(np.stack([r, c]).astype((dtype or D.int64).np))
    indices.__name__ = fn
    return indices


tril_indices = _triangle_indices("tril_indices", False)
triu_indices = _triangle_indices("triu_indices", True)
