"""Joining and choosing over the op table: ``torch.cat`` (``concat``,
``concatenate``), ``torch.stack``, ``torch.where``, plus ``torch.equal`` and
``x.is_contiguous()``, with PyTorch's type promotion and error messages; and
functions PyTorch composes from other ops (``tile``, ``repeat_interleave``,
``meshgrid``, ``kron``), composed the same way so their nodes are PyTorch's."""
from __future__ import annotations

import numpy as np

from ..engine import dtypes as D
from ..engine.autograd import record
from ..engine.tensor import Size, Tensor
from ..errors import GradcliError, index_error, runtime_error, type_error, value_error
from .operands import (NUMPY_NUMBERS, as_compute, as_dtype, broadcast_shape, checked_scalar, normalize_dims, operand,
                       parse_native, python_format, result_dtype, type_name)
from .reduce import int_arg, tensor_arg
from .oprow import Sample, T, implements, row
from .table import OPS, variadic_op

_MISSING = object()


def _tensor_list(fn, tensors) -> list:
    if not isinstance(tensors, (list, tuple)):
        raise type_error(f"{fn}(): argument 'tensors' (position 1) must be tuple of Tensors, "
                         f"not {type_name(tensors)}")
    for i, t in enumerate(tensors):
        if type(t) is not Tensor:
            raise type_error(f"expected Tensor as element {i} in argument 0, but got {type_name(t)}")
    return list(tensors)


def _promoted(seq) -> D.DType:
    dt = D.of_array(seq[0].data)
    for t in seq[1:]:
        dt = D.promote_pair(dt, D.of_array(t.data))
    return dt


# ***** cat, stack *****

@implements("cat")
def cat(tensors, dim=0, *, _fn="cat"):
    seq = _tensor_list(_fn, tensors)
    if not seq:
        raise value_error("torch.cat(): expected a non-empty list of Tensors")
    int_arg(_fn, "dim", 2, dim)
    for i, t in enumerate(seq):
        if t.data.ndim == 0:
            raise runtime_error(f"zero-dimensional tensor (at position {i}) cannot be concatenated")
    # NOTE: PyTorch skips legacy empty 1-D tensors (torch.tensor([])) in cat.
    kept = {id(t) for t in seq if t.data.shape != (0,)} or {id(seq[0])}
    ref = next(t for t in seq if id(t) in kept).data
    d = normalize_dims(dim, ref.ndim)[0]
    bounds, at = [], 0
    for i, t in enumerate(seq):
        s = t.data.shape
        if id(t) not in kept:
            bounds.append(None)
            continue
        if len(s) != ref.ndim:
            raise runtime_error(f"Tensors must have same number of dimensions: got {ref.ndim} and {len(s)}")
        for k in range(ref.ndim):
            if k != d and s[k] != ref.shape[k]:
                raise runtime_error(f"Sizes of tensors must match except in dimension {d}. Expected size "
                                    f"{ref.shape[k]} but got size {s[k]} for tensor number {i} in the list.")
        bounds.append((at, at + s[d]))
        at += s[d]
    dt = _promoted(seq)
    op = variadic_op("cat", len(seq))
    attrs = {"dim": d, "bounds": tuple(bounds)}
    out = op.forward(*(as_compute(t, dt) for t in seq), **attrs)
    return record(op, tuple(seq), attrs, as_dtype(out, dt))


def concat(tensors, dim=0):
    return cat(tensors, dim, _fn="concat")


def concatenate(tensors, dim=0):
    return cat(tensors, dim, _fn="concatenate")


@implements("stack")
def stack(tensors, dim=0):
    seq = _tensor_list("stack", tensors)
    if not seq:
        raise runtime_error("stack expects a non-empty TensorList")
    int_arg("stack", "dim", 2, dim)
    first = seq[0].data.shape
    d = normalize_dims(dim, len(first) + 1)[0]
    for i, t in enumerate(seq):
        if t.data.shape != first:
            raise runtime_error(f"stack expects each tensor to be equal size, but got {list(first)} at entry 0 "
                                f"and {list(t.data.shape)} at entry {i}")
    dt = _promoted(seq)
    op = variadic_op("stack", len(seq))
    out = op.forward(*(as_compute(t, dt) for t in seq), dim=d)
    return record(op, tuple(seq), {"dim": d}, as_dtype(out, dt))


# ***** where *****

@implements("where")
def where(condition, input=_MISSING, other=_MISSING):
    """``torch.where(condition, input, other)``; ``torch.where(condition)``
    is ``condition.nonzero(as_tuple=True)``."""
    if input is _MISSING and other is _MISSING:
        c = np.atleast_1d(tensor_arg("where", "condition", 1, condition).data)
        return tuple(Tensor(i.astype(np.int64)) for i in np.nonzero(c))
    if input is _MISSING or other is _MISSING or type(condition) is not Tensor:
        got = ", ".join(type_name(v) for v in (condition, input, other) if v is not _MISSING)
        raise type_error(f"where() received an invalid combination of arguments - got ({got}), but expected "
                         "one of: (Tensor condition), (Tensor condition, Tensor input, Tensor other), "
                         "(Tensor condition, Tensor input, Number other), "
                         "(Tensor condition, Number input, Tensor other), "
                         "(Tensor condition, Number input, Number other)")
    if condition.data.dtype != np.bool_:
        raise runtime_error("where expected condition to be a boolean tensor, but got a tensor with dtype "
                            f"{condition.dtype.torch_type[:-6]}")
    a, b = operand(input), operand(other)
    shape = broadcast_shape(condition.data.shape, a.data.shape if type(a) is Tensor else ())
    broadcast_shape(shape, b.data.shape if type(b) is Tensor else ())
    dt = result_dtype(a, b)
    if dt.category == 1:                # a number goes into the result's dtype, range-checked
        a, b = (v if type(v) is Tensor else checked_scalar(v, dt.np) for v in (a, b))
    op = OPS["where"]
    out = op.forward(as_compute(a, dt), as_compute(b, dt), cond=condition.data)
    return record(op, (a, b), {"cond": condition.data}, as_dtype(out, dt))


def where_method(self, condition, y):
    """``x.where(condition, y)`` is ``torch.where(condition, x, y)``."""
    return where(condition, self, y)


# ***** queries *****

def equal(input, other) -> bool:
    tensor_arg("equal", "input", 1, input)
    tensor_arg("equal", "other", 2, other)
    if input.data.shape != other.data.shape:
        return False
    dt = D.promote_pair(D.of_array(input.data), D.of_array(other.data))
    return bool(np.array_equal(as_compute(input, dt), as_compute(other, dt)))


def is_contiguous(self, memory_format=None) -> bool:
    from .shape import viewable
    return viewable(self.data)


# ***** stacking helpers PyTorch composes from cat, repeat and expand *****

def hstack(tensors):
    """``torch.hstack``: 1-D tensors joined end to end, others along dim 1 (CatBackward0)."""
    from .shape import view
    seq = [view(t, 1) if t.data.ndim == 0 else t for t in _tensor_list("hstack", tensors)]
    if not seq:
        raise value_error("hstack expects a non-empty TensorList")
    return cat(seq, 0 if seq[0].data.ndim == 1 else 1, _fn="hstack")


def vstack(tensors):
    """``torch.vstack``: tensors made at least 2-D, joined along dim 0 (CatBackward0)."""
    from .shape import view
    seq = [view(t, 1, -1) if t.data.ndim < 2 else t for t in _tensor_list("vstack", tensors)]
    if not seq:
        raise value_error("vstack expects a non-empty TensorList")
    return cat(seq, 0, _fn="vstack")


def tile(input, dims):
    """``torch.tile``: ``repeat`` with ones put before the shorter of dims and shape."""
    from .shape import repeat
    from .operands import as_tensor
    from .operands import int_list
    x = as_tensor(input)
    dims = int_list("tile", "dims", (dims,), varargs=False, position=2)
    dims = (1,) * (x.data.ndim - len(dims)) + dims
    return repeat(x, dims)


# ***** broadcast_tensors, broadcast_shapes *****

@implements("broadcast_tensors")
def broadcast_tensors(*tensors):
    """``torch.broadcast_tensors``: a tuple of the tensors expanded to their
    common shape (ExpandBackward0); NOTE: one already of that shape is
    returned itself, as PyTorch's expand_outplace does."""
    _tensor_list("broadcast_tensors", tensors)
    shape = tensors[0].shape if tensors else ()
    for t in tensors[1:]:
        shape = broadcast_shape(shape, t.shape)
    from .shape import expand
    return tuple(t if t.shape == shape else expand(t, shape) for t in tensors)


row("broadcast_tensors", "ExpandBackward0", None, forms=("torch",), args="*tensors",
    samples=(Sample(T((2, 3)), T((3,))), Sample(T((2, 1)), T((3,)), T((4, 1, 1))), Sample(T((2, 3)), T((2, 3))),
             Sample(T(values=[1, 2], dtype="int64", grad=False), T((3, 1), dtype="float32")), Sample(T(()), T((0,))),
             Sample(T((3,)))))


def broadcast_shapes(*shapes):
    """``torch.broadcast_shapes``: the shape the given shapes (ints, tuples or
    lists of ints, torch.Size; None left out) broadcast to, a torch.Size,
    with the errors of PyTorch's Python implementation (it compares each
    size with Python's ``==`` and ``<``)."""
    shapes = tuple((s,) if isinstance(s, int) else s for s in shapes if s is not None)
    for s in shapes:
        if not isinstance(s, (tuple, list, str, range)):
            raise runtime_error(f"Input shapes should be of type ints, a tuple of ints, or a list of ints, got "
                                f"{python_format(s)}")
    common = [1] * max((len(s) for s in shapes), default=0)
    for k, s in enumerate(shapes):
        for i in range(-1, -1 - len(s), -1):
            size = s[i]
            if type(size) is Tensor or isinstance(size, NUMPY_NUMBERS):
                # NOTE: PyTorch's comparisons of sizes must give a Python bool (its guard_or_false)
                raise GradcliError("AssertionError", "Expected bool, got <class 'torch.Tensor'>" if type(size) is Tensor
                                   else "Expected bool, got <class 'numpy.bool'>")
            if size == common[i]:
                continue
            if common[i] == 1:
                if not isinstance(size, (int, float)):
                    raise type_error(f"'<' not supported between instances of '{type_name(size)}' and 'int'")
                if size < 0:
                    raise value_error("Attempting to broadcast a dimension with negative length!")
                common[i] = size
            if size != 1 and common[i] != size:
                raise runtime_error(f"Attempting to broadcast a dimension of length {python_format(size)} at {i}! "
                                    f"Mismatching argument at index {k} had {python_format(s)}; but expected shape "
                                    f"should be broadcastable to {python_format(common)}")
    for k, size in enumerate(common):
        if not isinstance(size, int):
            raise type_error(f"torch.Size() takes an iterable of 'int' (item {k} is '{type_name(size)}')")
    return Size(int(n) for n in common)


def broadcast_to(input, size):
    """``torch.broadcast_to``: ``expand`` (ExpandBackward0)."""
    from .operands import int_list
    from .shape import expand
    return expand(input, int_list("broadcast_to", "size", (size,), varargs=False, position=2))


def repeat_interleave(input, repeats=None, dim=None, *, output_size=None):
    """``torch.repeat_interleave`` as PyTorch composes it: an int count is
    ``unsqueeze``, ``expand``, ``clone`` and ``view`` (ViewBackward0); a
    tensor of counts is ``index_select`` at the repeated positions
    (IndexSelectBackward0); without dim the input is flattened first. With
    only a tensor of counts: the positions, each repeated its count times."""
    from .operands import as_tensor
    from .create import clone
    from .shape import expand, flatten, unsqueeze, view
    from .selection import index_select
    x = as_tensor(input)
    if repeats is None:
        return _repeated_positions(x, output_size)
    if type(repeats) is not Tensor and (not isinstance(repeats, int) or isinstance(repeats, bool)):
        raise type_error(f"repeat_interleave() received an invalid combination of arguments - got "
                         f"({type_name(repeats)}), but expected one of:\n"
                         " * (Tensor repeats, int dim = None, *, int output_size = None)\n"
                         " * (int repeats, int dim = None, *, int output_size = None)\n")
    if type(repeats) is Tensor and x.data.ndim == 0 and dim is not None:
        raise index_error(f"Dimension specified as {dim} but tensor has no dimensions")
    if dim is None:
        x, d = flatten(x), 0
    else:
        d = normalize_dims(int_arg("repeat_interleave", "dim", 2, dim), x.data.ndim)[0]
    n = x.data.shape[d] if x.data.ndim else 1
    if type(repeats) is Tensor:
        counts = repeats.data
        if counts.ndim > 1:
            raise runtime_error("repeats must be 0-dim or 1-dim tensor")
        if counts.size == 1 and n != 1:
            counts = np.broadcast_to(counts.reshape(()), (n,))
        counts = counts.reshape(-1)
        if counts.size != n:
            raise runtime_error(f"repeats must have the same size as input along dim, but got "
                                f"repeats.size(0) = {counts.size} and input.size({d}) = {n}")
        return index_select(x, d, _repeated_positions(Tensor(np.ascontiguousarray(counts)), output_size))
    if repeats < 0:
        raise runtime_error("Repeats must be non-negative")
    if output_size is not None and output_size != n * repeats:
        raise runtime_error(f"repeat_interleave: Invalid output_size, expected {n * repeats} but got {output_size}")
    below = unsqueeze(x, d + 1)          # first: a 0-d input's dim + 1 is out of range, as in PyTorch
    shape = list(x.data.shape)
    wide = shape[:d + 1] + [repeats] + shape[d + 1:]
    shape[d] = n * repeats
    return view(clone(expand(below, wide)), shape)


def _repeated_positions(counts: Tensor, output_size=None) -> Tensor:
    """``torch.repeat_interleave(counts)``: 0, 1, ... each ``counts[i]`` times."""
    c = counts.data
    if c.ndim != 1:
        raise runtime_error("repeat_interleave only accept 1D vector as repeat")
    if c.dtype.kind not in "iu":
        from ..errors import GradcliError
        raise GradcliError("NotImplementedError", f'"repeat_interleave_cpu" not implemented for '
                           f"'{D.of_array(c).torch_type[:-6]}'")
    if c.size and c.min() < 0:
        raise runtime_error("repeats can not be negative")
    total = int(c.sum())
    if output_size is not None and output_size != total:
        raise runtime_error("allocated size does not match required size")
    return Tensor(np.repeat(np.arange(c.size, dtype=c.dtype), c))


# NOTE: PyTorch warns once per run when meshgrid's indexing is left out (it
# then indexes as 'ij'); its warning names its own source (torch/functional.py),
# gradcli's the script line that called it.
MESHGRID_WARNING = ("torch.meshgrid: in an upcoming release, it will be required to pass the indexing argument. "
                    "(Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/TensorShape.cpp:4215.)")


def meshgrid(*tensors, indexing=None):
    """``torch.meshgrid``: each input viewed along its own dim and expanded
    to the grid (ViewBackward0, ExpandBackward0); 'xy' swaps the first two."""
    from ..engine.context import CONTEXT
    from .shape import expand, view
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    for i, t in enumerate(tensors):
        if type(t) is not Tensor:
            raise type_error(f"expected Tensor as element {i} in argument 0, but got {type_name(t)}")
    if indexing is None:
        CONTEXT.warning(MESHGRID_WARNING)
        indexing = "ij"
    if not tensors:
        raise runtime_error("meshgrid expects a non-empty TensorList")
    if indexing not in ("xy", "ij"):
        raise runtime_error(f'torch.meshgrid: indexing must be one of "xy" or "ij", but received: {indexing}')
    for t in tensors:
        if t.data.ndim > 1:
            raise runtime_error(f"torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: "
                                f"{t.data.ndim}D tensor")
    if any(t.data.dtype != tensors[0].data.dtype for t in tensors):
        raise runtime_error("meshgrid expects all tensors to have the same dtype")
    order = list(tensors)
    swap = indexing == "xy" and len(order) >= 2
    if swap:
        order[0], order[1] = order[1], order[0]
    shape = [int(t.data.size) for t in order]
    grids = []
    for i, t in enumerate(order):
        along = [1] * len(order)
        along[i] = -1
        grids.append(expand(view(t, tuple(along)), tuple(shape)))
    if swap:
        grids[0], grids[1] = grids[1], grids[0]
    return tuple(grids)


def kron(input, other, *, out=None):
    """``torch.kron`` as PyTorch computes it: each input unsafe-viewed with
    a size-1 dim beside each of its dims, multiplied (MulBackward0), and the
    product unsafe-viewed to the result (UnsafeViewBackward0)."""
    from .arith import mul
    a, b = tensor_arg("kron", "input", 1, input), tensor_arg("kron", "other", 2, other)
    nd = max(a.data.ndim, b.data.ndim)
    sa = (1,) * (nd - a.data.ndim) + a.data.shape
    sb = (1,) * (nd - b.data.ndim) + b.data.shape
    a_shape = tuple(n for s in sa for n in (s, 1))
    b_shape = tuple(n for s in sb for n in (1, s))
    product = mul(_unsafe_view(a, a_shape), _unsafe_view(b, b_shape))
    result = _unsafe_view(product, tuple(x * y for x, y in zip(sa, sb)))
    if out is None:
        return result
    from .device import write_out
    return write_out(out, result, "kron", grad_name="mul")


def kron_method(self, other):
    """``x.kron(other)`` (no out=)."""
    return kron(self, other)


def _unsafe_view(x: Tensor, shape: tuple) -> Tensor:
    return record(OPS["unsafe_view"], (x,), {"shape": shape}, x.data.reshape(shape))


# ***** diff: narrow and subtract, as PyTorch composes it *****

def _diff_part(t, x):
    """``prepend``/``append``: a tensor of x's rank, or PyTorch's error."""
    if t is not None and t.data.ndim != x.data.ndim:
        raise runtime_error("diff expects prepend or append to be the same dimension as input")
    return t


_DIFF = "Tensor input, int n=1, int dim=-1, Tensor? prepend=None, Tensor? append=None"


@implements("diff")
def diff(*args, **kwargs):
    from .arith import sub
    from .shape import narrow
    x, n, dim, prepend, append = parse_native("diff", _DIFF, args, kwargs)
    if x.data.ndim == 0:
        raise runtime_error("diff expects input to be at least one-dimensional")
    if n < 0:
        raise runtime_error(f"order must be non-negative but got {n}")
    d = normalize_dims(dim, x.data.ndim)[0]
    parts = [_diff_part(prepend, x), x, _diff_part(append, x)]
    for t in parts:
        if t is not None and t is not x:
            for k, (a, b) in enumerate(zip(x.shape, t.shape)):
                if k != d and a != b:
                    raise runtime_error("diff expects the shape of tensor to prepend or append to match that of "
                                        f"input except along the differencing dimension; input.size({k}) = {a}, "
                                        f"but got tensor.size({k}) = {b}")
    if prepend is not None or append is not None:
        x = cat([t for t in parts if t is not None], d)
    if n == 0:
        from .create import zeros_like
        from .views import copy_values
        return copy_values(zeros_like(x), x)
    length = x.shape[d] - 1
    step = OPS["logical_xor"].call if x.data.dtype == np.bool_ else sub
    for _ in range(min(n, x.shape[d])):
        x = step(narrow(x, d, 1, length), narrow(x, d, 0, length))
        length -= 1
    return x


row("diff", "SubBackward0", None, forms=("torch", "method"), args="input, n=1, dim=-1, prepend=None, append=None",
    samples=(Sample(T((2, 5))), Sample(T((2, 5)), 2), Sample(T((3, 2)), dim=0), Sample(T((4,)), 3),
             Sample(T((2, 3)), 1, 0, T((1, 3)), T((2, 3))), Sample(T((2, 3)), append=T((2, 2))),
             Sample(T(values=[1, 4, 2, 8], dtype="int64", grad=False)), Sample(T((3,)), 5)))


@implements("column_stack")
def column_stack(tensors):
    """PyTorch's: tensors of at most one dim reshaped to columns, then hstack."""
    from .shape import reshape
    seq = _tensor_list("column_stack", tensors)
    if not seq:
        raise runtime_error("column_stack expects a non-empty TensorList")
    return hstack([reshape(t, (t.data.size, 1)) if t.data.ndim <= 1 else t for t in seq])


row("column_stack", "CatBackward0", None, forms=("torch",), args="tensors",
    samples=(Sample([T((3,)), T((3,))]), Sample([T((2, 2)), T((2,)), T((2, 1))]), Sample([T(()), T((1, 2))])))
