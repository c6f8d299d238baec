"""Creating tensors, converting them, and the autograd-state methods
(``requires_grad_``, ``detach``, ``numpy``, ``item``, ...)."""
from __future__ import annotations

import numpy as np

from ..engine import dtypes as D
from ..engine.autograd import record
from ..engine.context import CONTEXT
from ..engine.tensor import CPU, Tensor
from ..errors import runtime_error, type_error, value_error
from .device import to_arguments
from .operands import type_name
from .oprow import implements
from .table import OPS


class NumpyArray:
    """What ``.numpy()`` returns: a numpy array, shown as numpy shows it."""
    __slots__ = ("array",)
    display_name = "numpy.ndarray"

    def __init__(self, array):
        self.array = array


# ***** from data *****

def _data_array(data, what="tensor"):
    """Nested Python data → numpy array, with PyTorch's errors for bad data."""
    if type(data) is Tensor:
        return data.data.copy()
    if isinstance(data, NumpyArray):
        return data.array.copy()
    if isinstance(data, np.ndarray):
        return data
    if isinstance(data, (bool, int, float)):
        return np.array(data)
    if not isinstance(data, (list, tuple)):
        raise type_error(f"new(): data must be a sequence (got {type_name(data)})")
    try:                      # the fast path: plain nested numbers
        arr = np.array(data)
        if arr.dtype.kind in "biuf":
            return arr
    except (ValueError, TypeError):
        pass
    except OverflowError:
        raise runtime_error("Overflow when unpacking long") from None
    _check_nested(data)
    try:
        arr = np.array(_plain(data))
    except OverflowError:
        raise runtime_error("Overflow when unpacking long") from None
    return arr


def _plain(data):
    """Replace 0-dim tensors inside lists by their values (iteratively)."""
    if not _has_tensor(data):
        return data
    out = []
    stack = [(data, out)]
    while stack:
        src, dst = stack.pop()
        for v in src:
            if isinstance(v, (list, tuple)):
                sub = []
                dst.append(sub)
                stack.append((v, sub))
            elif type(v) is Tensor:
                dst.append(v.data.item() if v.data.size == 1 and v.data.ndim == 0 else v.data.tolist())
            else:
                dst.append(v)
    return out


def _has_tensor(data):
    stack = [data]
    while stack:
        d = stack.pop()
        for v in d:
            if type(v) is Tensor:
                return True
            if isinstance(v, (list, tuple)):
                stack.append(v)
    return False


def _check_nested(data):
    """Ragged lists and non-numbers: PyTorch's messages, no recursion."""
    level = [data]
    dim = 0
    while level:
        first = level[0]
        is_seq = isinstance(first, (list, tuple))
        if is_seq:
            n = len(first)
        nxt = []
        for item in level:
            if isinstance(item, (list, tuple)) != is_seq:
                if is_seq:
                    raise type_error("not a sequence")
                raise type_error(f"'{type_name(item)}' object cannot be interpreted as an integer")
            if is_seq:
                if len(item) != n:
                    raise value_error(f"expected sequence of length {n} at dim {dim} (got {len(item)})")
                nxt.extend(item)
            elif not isinstance(item, (bool, int, float)) and not (type(item) is Tensor and item.data.ndim == 0):
                raise type_error(f"new(): invalid data type '{type_name(item)}'")
        if not is_seq:
            return
        level = nxt
        dim += 1
        if dim > 64:
            raise value_error("too many dimensions in tensor data (more than 64)")


def _infer_dtype(arr: np.ndarray) -> D.DType:
    k = arr.dtype.kind
    if k == "b":
        return D.bool_
    if k in "iu":
        return D.int64
    if k == "f":
        return D.DEFAULT_FLOAT
    if arr.size == 0:
        return D.DEFAULT_FLOAT
    raise type_error("new(): invalid data type")


def _finish(arr, dtype, requires_grad):
    dt = dtype if dtype is not None else _infer_dtype(arr)
    if not isinstance(dt, D.DType):
        raise type_error(f"dtype must be a torch.dtype (got {type_name(dt)})")
    CONTEXT.check_size(arr.size)
    out = np.array(arr, dtype=dt.np, copy=True) if arr.dtype != dt.np or not arr.flags.owndata else arr
    t = Tensor(out if out.flags.c_contiguous else out.copy())
    if requires_grad:
        _factory_requires_grad(t)
    return t


def tensor(data, *, dtype=None, device=None, requires_grad=False):
    arr = _data_array(data)
    if arr.size == 0 and dtype is None:
        arr = arr.astype(np.float32)
    return _finish(arr, dtype, requires_grad)


def _legacy(dt):
    def ctor(*args):
        if len(args) == 1 and isinstance(args[0], (list, tuple, Tensor, NumpyArray)):
            arr = _data_array(args[0])
            if arr.size and arr.dtype.kind not in "biuf":
                raise type_error("new(): invalid data type")
            return _finish(arr, dt, False)
        if all(isinstance(a, int) and not isinstance(a, bool) for a in args):
            return _finish(np.zeros(args), dt, False)
        raise type_error(f"{dt.torch_type}(): invalid arguments; pass a list of numbers or sizes")
    ctor.__name__ = ctor.__qualname__ = dt.torch_type
    return ctor


FloatTensor = _legacy(D.float32)
DoubleTensor = _legacy(D.float64)
LongTensor = _legacy(D.int64)
IntTensor = _legacy(D.int32)
BoolTensor = _legacy(D.bool_)


# ***** factories *****

def _size_args(size):
    if len(size) == 1 and isinstance(size[0], (list, tuple)):
        size = tuple(size[0])
    for s in size:
        if not isinstance(s, int) or isinstance(s, bool):
            raise type_error(f"size must be a tuple of ints, but got {type_name(s)}")
        if s < 0:
            raise runtime_error(f"Trying to create tensor with negative dimension {s}: {list(size)}")
    return tuple(size)


def _filled(size, value, dtype, requires_grad):
    n = int(np.prod(size)) if size else 1
    CONTEXT.check_size(n)
    dt = dtype or D.DEFAULT_FLOAT
    t = Tensor(np.full(size, value, dtype=dt.np))
    if requires_grad:
        _factory_requires_grad(t)
    return t


def zeros(*size, dtype=None, device=None, requires_grad=False):
    return _filled(_size_args(size), 0, dtype, requires_grad)


def ones(*size, dtype=None, device=None, requires_grad=False):
    return _filled(_size_args(size), 1, dtype, requires_grad)


def empty(*size, dtype=None, device=None, requires_grad=False):
    return _filled(_size_args(size), 0, dtype, requires_grad)


def full(size, fill_value, *, dtype=None, device=None, requires_grad=False):
    if dtype is None:
        dtype = D.of_scalar(fill_value)
    return _filled(_size_args((size,)), fill_value, dtype, requires_grad)


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
    if (end - start) / step < 0:
        raise runtime_error("upper bound and larger bound inconsistent with step sign")
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
    """``torch.as_tensor``: the tensor itself when no conversion is needed."""
    if type(data) is Tensor and (dtype is None or dtype.np == data.data.dtype):
        return data
    if type(data) is Tensor:
        from .arith import to_dtype
        return to_dtype(data, dtype)
    return tensor(data, dtype=dtype)


def logspace(start, end, steps, base=10.0, *, dtype=None, layout=None, device=None, requires_grad=False):
    """``base ** linspace(start, end, steps)``, computed as PyTorch does in the dtype's precision."""
    lin = linspace(_number(start), _number(end), steps, dtype=D.float64)
    dt = dtype or D.DEFAULT_FLOAT
    arr = np.power(np.float64(base), lin.data)
    return _finish(arr.astype(dt.np), dt, requires_grad)


def zeros_like(input, *, dtype=None, layout=None, device=None, requires_grad=False,
              memory_format=None):
    return _filled(input.shape, 0, dtype or input.dtype, requires_grad)


def ones_like(input, *, dtype=None, layout=None, device=None, requires_grad=False,
              memory_format=None):
    return _filled(input.shape, 1, dtype or input.dtype, requires_grad)


def full_like(input, fill_value, *, dtype=None, layout=None, device=None, requires_grad=False,
              memory_format=None):
    return _filled(input.shape, fill_value, dtype or input.dtype, requires_grad)


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
    return record(OPS["clone"], (t,), {}, t.data.copy(), None)


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


_TENSOR_TYPES = {f"torch.{d.torch_type}": d for d in D.ALL}


def type_(t, dtype=None, non_blocking=False, **kwargs):
    """``x.type()``: the tensor type's name ("torch.FloatTensor"); with a
    dtype or such a name, the tensor in that dtype (itself if it has it)."""
    if dtype is None:
        return "torch." + D.of_array(t.data).torch_type
    if isinstance(dtype, str):
        if dtype.startswith("torch.cuda."):
            from .device import check_device
            check_device("cuda")
        dt = _TENSOR_TYPES.get(dtype)
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
