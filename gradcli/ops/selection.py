"""Picking elements by index or mask: ``gather``, ``index_select``,
``masked_select`` (with their gradients, which add back into zeros in
PyTorch's order), ``nonzero``/``argwhere``, and ``isclose``/``allclose``.
"""
from __future__ import annotations

import numpy as np

from ..engine import dtypes as D
from ..engine.autograd import record
from ..engine.context import CONTEXT
from ..engine.tensor import Tensor
from ..errors import GradcliError, index_error, runtime_error, type_error
from .operands import as_tensor, broadcast_shape, checked_scalar, normalize_dims, type_name
from .oprow import Sample, T, implements, no_derivative, row
from .sorting import along_key, dim_arg
from .table import OPS

_INDEX_SAMPLE = T(values=[[0, 0], [2, 1]], dtype="int64", grad=False)

def gathered_grad(m, g, out, a, key):
    """The gradient of picking ``a[key]`` where a position may be picked twice: the parts added."""
    return m.embed_add(g, a.shape, key)


row("gather", "GatherBackward0", lambda a, key: a[key], {"input": gathered_grad},
    forms=("torch", "method"), args="input, dim, index, *, sparse_grad=False",
    samples=(Sample(T((2, 3)), 1, _INDEX_SAMPLE), Sample(T((3, 2)), 0, T(values=[[1, 0]], dtype="int64", grad=False)),
             Sample(T((2, 3)), -1, T(values=[[2, 2, 2], [0, 1, 0]], dtype="int64", grad=False))))


def _index_of(index, fn):
    idx = as_tensor(index)
    if idx.data.dtype not in (np.int64, np.int32):
        raise runtime_error(f"{fn}(): Expected dtype int32/int64 for index")
    return idx.data.astype(np.int64)


def _check_in_range(idx, d, n):
    """PyTorch's error for the first index outside ``[0, n)`` along dim ``d``."""
    if idx.size and (idx.min() < 0 or idx.max() >= n):
        bad = int(idx[(idx < 0) | (idx >= n)].reshape(-1)[0])
        raise runtime_error(f"index {bad} is out of bounds for dimension {d} with size {n}")


@implements("gather")
def gather(input, dim, index, *, sparse_grad=False):
    x = as_tensor(input)
    if x.data.ndim == 0:                    # PyTorch gathers from a 0-d tensor as from its one element
        from .shape import view
        x = view(x, 1)
    a = x.data
    d = dim_arg("gather", a, dim)
    index = as_tensor(index)
    if index.data.size == 0:                # an empty index of any dtype or rank: an empty result
        key = tuple(np.zeros(index.shape, np.int64) for _ in range(a.ndim))
        return record(OPS["gather"], (x,), {"key": key}, np.zeros(index.shape, a.dtype))
    idx = _index_of(index, "gather")
    if idx.ndim != a.ndim and max(idx.ndim, a.ndim) > 1:
        raise runtime_error("Index tensor must have the same number of dimensions as input tensor")
    for k in range(idx.ndim):
        if k != d and idx.shape[k] > a.shape[k]:
            raise runtime_error(f"Size does not match at dimension {k} expected index {list(idx.shape)} to be no "
                                f"larger than self {list(a.shape)} apart from dimension {d}")
    _check_in_range(idx, d, a.shape[d])
    key = along_key(idx.reshape(idx.shape if idx.ndim else (1,)), d)
    op = OPS["gather"]
    return record(op, (x,), {"key": key}, op.forward(a, key))


row("index_select", "IndexSelectBackward0", lambda a, key: a[key], {"input": gathered_grad},
    forms=("torch", "method"), args="input, dim, index",
    samples=(Sample(T((2, 3)), 1, T(values=[2, 0, 2], dtype="int64", grad=False)),
             Sample(T((3, 2)), 0, T(values=[1], dtype="int64", grad=False)),
             Sample(T((2, 2, 2)), -1, T(values=[1, 1, 0, 1], dtype="int32", grad=False))))


@implements("index_select")
def index_select(input, dim, index):
    x = as_tensor(input)
    a, idx = x.data, _index_of(index, "index_select")
    d = dim_arg("index_select", a, dim)
    if idx.ndim > 1:
        raise index_error("index_select(): Index is supposed to be a vector")
    idx = idx.reshape(-1)
    n = a.shape[d] if a.ndim else 1
    if idx.size and (idx.min() < 0 or idx.max() >= n):
        raise index_error("index out of range in self")
    if a.ndim == 0:
        return record(OPS["index_select"], (x,), {"key": ()}, a.copy())
    shape = a.shape[:d] + (idx.size,) + a.shape[d + 1:]
    positions = np.broadcast_to(idx.reshape([-1 if k == d else 1 for k in range(a.ndim)]), shape)
    key = along_key(np.ascontiguousarray(positions), d)
    op = OPS["index_select"]
    return record(op, (x,), {"key": key}, op.forward(a, key))


# ***** adding into positions: scatter_add, index_add *****
# NOTE: both add in PyTorch's order: each target starts from self's value and
# takes its sources in order along dim (np.add.at visits them so). src's
# gradient is grad picked at the index (gather / index_select): of the
# index's shape, so an index smaller than src is PyTorch's error at backward.

def _added_at(a, key, src):
    out = a.copy()
    np.add.at(out, key, src)
    return out


def gathered_src_grad(grad_fn):
    """src's rule of a scatter: grad picked at the index (``gather``), or
    PyTorch's error where that is not src's shape."""
    def rule(m, g, out, a, src, key, **_):
        picked = m.take(g, key)
        if picked.shape != src.shape and (len(src.shape) > len(picked.shape) or any(
                n not in (1, k) for n, k in zip(src.shape[::-1], picked.shape[::-1]))):
            raise runtime_error(f"Function {grad_fn} returned an invalid gradient at index 1 - got "
                                f"{list(picked.shape)} but expected shape compatible with {list(src.shape)}")
        return picked
    return rule


row("scatter_add", "ScatterAddBackward0", _added_at,
    {"input": lambda m, g, out, a, src, key: g, "src": gathered_src_grad("ScatterAddBackward0")},
    forms=("torch", "method", "inplace"), args="input, dim, index, src",
    samples=(Sample(T((3, 4)), 0, T(values=[[0, 1, 2, 0], [2, 0, 0, 1]], dtype="int64", grad=False), T((2, 4))),
             Sample(T((2, 3)), 1, T(values=[[2, 2, 0], [1, 1, 1]], dtype="int64", grad=False), T((2, 3))),
             Sample(T((3,)), -1, T(values=[0, 0, 2, 0], dtype="int32", grad=False), T((4,))),
             Sample(T((2, 3)), 1, T(values=[[0], [2]], dtype="int64", grad=False), T((2, 1))),
             Sample(T((2, 3)), 0, T(values=[[0.0]], dtype="float32", grad=False), T((1, 1)))))


def _index_tensor(index, fn):
    if type(index) is not Tensor:
        raise type_error(f"{fn}(): argument 'index' (position 2) must be Tensor, not {type_name(index)}")
    return index


def _scatter_key(fn, x, dim, index, src=None):
    """``dim`` and the positions ``scatter``/``scatter_add`` write (index
    checked as PyTorch checks it), or None for an empty index; with ``src``,
    also the part of src the index covers."""
    a = x.data
    d = dim_arg(fn, a, dim)
    idx_t = _index_tensor(index, fn)
    idx = _index_of(idx_t, "scatter")
    if src is not None and src.data.dtype != a.dtype:
        raise runtime_error("scatter(): Expected self.dtype to be equal to src.dtype")
    if idx.size == 0:
        return d, None, None
    s = src.data if src is not None else None
    one = (1,) if idx.ndim == 0 else ()
    if not (idx.ndim == a.ndim or max(idx.ndim, a.ndim) <= 1):
        raise runtime_error("Index tensor must have the same number of dimensions as self tensor")
    if s is not None and not (idx.ndim == s.ndim or max(idx.ndim, s.ndim) <= 1):
        raise runtime_error("Index tensor must have the same number of dimensions as src tensor")
    idx, a_shape = idx.reshape(idx.shape or one), a.shape or one
    if s is None:
        if any(k != d and idx.shape[k] > a_shape[k] for k in range(idx.ndim)):
            raise runtime_error(f"Expected index {list(idx_t.shape)} to be smaller than self {list(a.shape)} apart "
                                f"from dimension {d}")
    elif any(idx.shape[k] > (s.shape or one)[k] or (k != d and idx.shape[k] > a_shape[k]) for k in range(idx.ndim)):
        raise runtime_error(f"Expected index {list(idx_t.shape)} to be no larger than self {list(a.shape)} apart "
                            f"from dimension {d} and to be no larger size than src {list(src.shape)}")
    _check_in_range(idx, d, a_shape[d])
    key = along_key(idx, d) if a.ndim else ()
    if s is None:
        return d, key, None
    part = s.reshape(s.shape or one)[tuple(slice(0, k) for k in idx.shape)]
    return d, key, part.reshape(()) if not a.ndim else part


@implements("scatter_add")
def scatter_add(input, dim, index, src):
    x = as_tensor(input)
    if type(src) is not Tensor:
        raise type_error(f"scatter_add(): argument 'src' (position 3) must be Tensor, not {type_name(src)}")
    d, key, part = _scatter_key("scatter_add", x, dim, index, src)
    a = x.data
    if key is None:
        return record(OPS["scatter_add"], (x, src), {"key": tuple(np.zeros(index.shape, np.int64) for _ in a.shape)},
                      a.copy())
    op = OPS["scatter_add"]
    return record(op, (x, src), {"key": key}, op.forward(a, key, part))


# ***** scatter: writing into positions *****
# NOTE: the last of equal positions wins (PyTorch's CPU loop writes them in
# order along dim, as numpy's assignment does). reduce= gives PyTorch's
# node without a derivative (NotImplemented).

def _written_at(a, key, src):
    out = a.copy()
    out[key] = src
    return out


def _scatter_input_grad(m, g, out, a, *rest, key, dim, index):
    """``grad.scatter(dim, index, 0)``."""
    if m.is_tensor:
        return scatter(g, dim, index, 0)
    return _written_at(g, key, 0)


_IDX = T(values=[[0, 1, 0], [3, 3, 1]], dtype="int64", grad=False)
row("scatter", "ScatterBackward0", _written_at,
    {"input": _scatter_input_grad, "src": gathered_src_grad("ScatterBackward0")},
    forms=("torch", "method", "inplace"), args="input, dim, index, src, *, reduce=None",
    doc="ScatterBackward0 (a tensor src), ScatterBackward1 (a number)",
    # NOTE: where positions repeat, src's gradient is PyTorch's gather, not the
    # derivative (the overwritten values get one too): explicit src values there
    samples=(Sample(T((2, 4)), 1, _IDX, T(values=[[0.5, -1.0, 2.0], [1.5, 0.25, -2.0]])),
             Sample(T((2, 4)), 1, _IDX, 2.5),
             Sample(T((2, 4)), 1, T(values=[[2, 0], [1, 3]], dtype="int64", grad=False), T((2, 2))),
             Sample(T((3, 2)), 0, T(values=[[2, 0]], dtype="int64", grad=False), T((1, 2))),
             Sample(T((4,)), 0, T(values=[3, 0, 3], dtype="int32", grad=False), T(values=[1.0, -3.0, 0.5])),
             Sample(T((2, 4)), 1, _IDX, value=-1.0)))
row("scatter_value", "ScatterBackward1", _written_at, {"input": _scatter_input_grad}, via="scatter")
row("scatter_reduced", "NotImplemented", None, {"input": no_derivative("scatter"), "src": no_derivative("scatter")},
    via="scatter with reduce=")
_REDUCE = {"add": np.add, "multiply": np.multiply}
SCATTER_REDUCE_WARNING = ("The reduce argument of torch.scatter with Tensor src is deprecated and will be removed in "
                          "a future PyTorch release. Use torch.scatter_reduce instead for more reduction options. "
                          "(Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/"
                          "TensorAdvancedIndexing.cpp:225.)")


@implements("scatter")
def scatter(input, dim, index, src=None, *, value=None, reduce=None):
    x = as_tensor(input)
    given = [x, dim, index] + ([src] if src is not None else [value] if value is not None else [])
    if src is not None and type(src) is not Tensor:
        value, src = src, None
    if type(value) is Tensor and value.data.ndim == 0:
        value = value.data.item()
    if ((src is None) == (value is None) or (reduce is not None and not isinstance(reduce, str))
            or (src is None and (isinstance(value, str) or not isinstance(value, (int, float, bool, np.number))))):
        raise type_error("scatter() received an invalid combination of arguments - got "
                         f"({', '.join(type_name(v) for v in given)}), but expected one of:\n"
                         " * (Tensor input, int dim, Tensor index, Tensor src, *, Tensor out = None)\n"
                         " * (Tensor input, int dim, Tensor index, Tensor src, *, str reduce, Tensor out = None)\n"
                         " * (Tensor input, int dim, Tensor index, Number value, *, Tensor out = None)\n"
                         " * (Tensor input, int dim, Tensor index, Number value, *, str reduce, Tensor out = None)\n")
    d, key, part = _scatter_key("scatter", x, dim, index, src)
    if reduce is not None and reduce not in _REDUCE:
        raise runtime_error("reduce argument must be either add or multiply.")
    a = x.data
    written = part if src is not None else np.asarray(value).astype(a.dtype)
    attrs = {"key": key if key is not None else (), "dim": d, "index": index}
    if reduce is not None:
        if src is not None:
            CONTEXT.warning(SCATTER_REDUCE_WARNING)
        op = OPS["scatter_reduced"]
        out = a.copy()
        if key is not None:
            _REDUCE[reduce].at(out, key, written)
        return record(op, (x,) if src is None else (x, src), attrs, out)
    if src is None:
        op = OPS["scatter_value"]
        return record(op, (x,), attrs, op.forward(a, key, written) if key is not None else a.copy())
    op = OPS["scatter"]
    return record(op, (x, src), attrs, op.forward(a, key, written) if key is not None else a.copy())


# ***** take: elements of the flattened tensor *****

def _take_grad(m, g, out, a, flat):
    """PyTorch's ``zeros_like(self).put_(index, grad, accumulate=True)``."""
    return m.reshape(m.embed_add(m.reshape(g, (-1,)), (int(np.prod(a.shape)),), (flat.reshape(-1),)), a.shape)


row("take", "TakeBackward0", lambda a, flat: a.reshape(-1)[flat], {"input": _take_grad},
    forms=("torch", "method"), args="input, index",
    samples=(Sample(T((2, 4)), T(values=[[0, 7], [3, -1]], dtype="int64", grad=False)),
             Sample(T((3,)), T(values=[1, 1, 2, 1], dtype="int64", grad=False)),
             Sample(T(values=2.5), T(values=[0, -1], dtype="int64", grad=False))))


@implements("take")
def take(input, index):
    x = as_tensor(input)
    if type(index) is not Tensor:
        raise type_error(f"take(): argument 'index' (position 2) must be Tensor, not {type_name(index)}")
    if index.data.dtype != np.int64:
        raise runtime_error(f"take(): Expected a long tensor for index, but got {index.dtype.torch_type[:-6]}")
    flat, n = index.data, x.data.size
    if flat.size and (flat.min() < -n or flat.max() >= n):
        bad = int(flat[(flat < -n) | (flat >= n)].reshape(-1)[0])
        raise index_error(f"out of range: tried to access index {bad} on a tensor of {n} elements.")
    flat = np.where(flat < 0, flat + n, flat)
    op = OPS["take"]
    return record(op, (x,), {"flat": flat}, op.forward(x.data, flat))


row("index_add", "IndexAddBackward0", _added_at,
    {"input": lambda m, g, out, a, source, key, alpha=1: g,
     "source": lambda m, g, out, a, source, key, alpha=1: m.take(g, key) if alpha == 1 else m.take(g, key) * alpha},
    forms=("torch", "method", "inplace"), args="input, dim, index, source, *, alpha=1",
    samples=(Sample(T((3, 4)), 0, T(values=[0, 2], dtype="int64", grad=False), T((2, 4))),
             Sample(T((3, 4)), 0, T(values=[1, 1, 0], dtype="int64", grad=False), T((3, 4)), alpha=2.5),
             Sample(T((2, 3)), -1, T(values=[2, 0, 2, 2], dtype="int32", grad=False), T((2, 4)), alpha=-1),
             Sample(T((3,)), 0, T(values=[0, 0], dtype="int64", grad=False), T((2,))),
             Sample(T((3, 4)), 0, T(values=[0, 5], dtype="int64", grad=False), T((2, 4)))))


@implements("index_add")
def index_add(input, dim, index, source, *, alpha=1):
    x = as_tensor(input)
    a = x.data
    d = dim_arg("index_add", a, dim)
    idx_t = _index_tensor(index, "index_add")
    if type(source) is not Tensor:
        raise type_error(f"index_add(): argument 'source' (position 3) must be Tensor, not {type_name(source)}")
    if idx_t.data.dtype not in (np.int64, np.int32):
        raise runtime_error("index_add_(): Expected dtype int32/int64 for index but got: "
                            f"{idx_t.dtype.torch_type[:-6]}")
    if source.data.dtype != a.dtype:
        raise runtime_error(f"index_add_(): self ({x.dtype.torch_type[:-6]}) and source "
                            f"({source.dtype.torch_type[:-6]}) must have the same scalar type")
    idx, s = idx_t.data.astype(np.int64), source.data
    if idx.ndim > 1:
        raise index_error(f"index_add_(): Index is supposed to be a vector, but got dim: {idx.ndim} with type: "
                          f"{idx_t.dtype.torch_type[:-6]} and size: {list(idx.shape)}")
    idx = idx.reshape(-1)
    one = (1,)
    s_shape, a_shape = s.shape or one, a.shape or one
    if idx.size != s_shape[d]:
        raise runtime_error(f"index_add_(): Number of indices ({idx.size}) should be equal to source.size(dim): "
                            f"({s_shape[d]}), for dim: {d}")
    if len(s_shape) != len(a_shape) or any(s_shape[k] != a_shape[k] for k in range(len(a_shape)) if k != d):
        raise runtime_error("source tensor shape must match self tensor shape, excluding the specified dimension. "
                            f"Got self.shape = {list(a.shape)} source.shape = {list(s.shape)}")
    _check_in_range(idx, d, a_shape[d])
    if a.dtype.kind != "f":
        alpha = int(alpha)
    attrs = {"key": (), "alpha": alpha}
    if a.ndim:
        positions = np.broadcast_to(idx.reshape([-1 if k == d else 1 for k in range(a.ndim)]), s.shape)
        attrs["key"] = along_key(np.ascontiguousarray(positions), d)
    op = OPS["index_add"]
    if alpha != 1 and a.ndim > 1 and a.dtype.kind == "f" and idx.size:
        return record(op, (x, source), attrs, _fused_index_add(a, d, idx, s, alpha))
    added = s if alpha == 1 else s * s.dtype.type(alpha)
    return record(op, (x, source), attrs, op.forward(a, attrs["key"], added.reshape(()) if not a.ndim else added))


def _fused_index_add(a, d, idx, s, alpha):
    """NOTE: PyTorch adds each slice of a tensor of 2 or more dims with
    ``add_(source_slice, alpha)``, one fused multiply-add per element, index
    by index in order (a 1-D tensor: ``x + s * alpha``, two roundings)."""
    from ..engine.fma import fma32, fma64
    fma = fma32 if a.dtype == np.float32 else fma64
    out = a.copy()
    lead = (slice(None),) * d
    scale = np.full(s[lead + (0,)].shape, alpha, a.dtype)
    for k, t in enumerate(idx):
        out[lead + (t,)] = fma(scale, s[lead + (k,)], out[lead + (t,)])
    return out


row("masked_select", "MaskedSelectBackward0", lambda a, shape, key: np.broadcast_to(a, shape)[key],
    {"input": lambda m, g, out, a, shape, key: m.embed(g, shape, key)},
    forms=("torch", "method"), args="input, mask",
    samples=(Sample(T((2, 3)), T(values=[[True, False, True], [False, False, True]], dtype="bool", grad=False)),
             Sample(T((2, 3)), T(values=[True, False, True], dtype="bool", grad=False)),
             Sample(T((3,)), T(values=[[True, False, False], [True, True, False]], dtype="bool", grad=False))))


@implements("masked_select")
def masked_select(input, mask):
    x, msk = as_tensor(input), as_tensor(mask)
    if msk.data.dtype != np.bool_:
        raise runtime_error("masked_select: expected BoolTensor for mask")
    shape = broadcast_shape(x.shape, msk.shape)
    key = np.nonzero(np.broadcast_to(msk.data, shape))
    op = OPS["masked_select"]
    return record(op, (x,), {"shape": shape, "key": key}, op.forward(x.data, shape, key))


def nonzero(input, *, out=None, as_tuple=False):
    """The indices of the nonzero elements: one row each (``as_tuple``: one tensor per dim)."""
    a = as_tensor(input).data
    if as_tuple:
        return tuple(Tensor(i.astype(np.int64)) for i in np.nonzero(np.atleast_1d(a)))
    return Tensor(np.argwhere(a).astype(np.int64))


def argwhere(input):
    return nonzero(input)


def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """PyTorch's ``isclose``: equal, or finite and within ``atol + |rtol * other|``,
    computed in the inputs' dtype."""
    x, y = as_tensor(input), as_tensor(other)
    if x.data.dtype != y.data.dtype:
        raise runtime_error(f"{x.dtype.torch_type[:-6]} did not match {y.dtype.torch_type[:-6]}")
    a, b = np.broadcast_arrays(x.data, y.data)
    close = a == b
    if equal_nan and a.dtype.kind == "f":
        close |= np.isnan(a) & np.isnan(b)
    if rtol == 0 and atol == 0:
        return Tensor(np.array(close))
    if a.dtype.kind != "f":
        a, b = a.astype(D.DEFAULT_FLOAT.np), b.astype(D.DEFAULT_FLOAT.np)
    dt = a.dtype.type
    with np.errstate(all="ignore"):
        allowed = dt(atol) + np.abs(dt(rtol) * b)
        actual = np.abs(a - b)
        close |= np.isfinite(actual) & (actual <= allowed)
    return Tensor(np.array(close))


def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    return bool(isclose(input, other, rtol, atol, equal_nan).data.all())


NO_GRAD = {"nonzero": nonzero, "argwhere": argwhere, "isclose": isclose, "allclose": allclose}


def unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None):
    """``torch.unique``: the distinct values in order (NaNs each their own,
    as PyTorch's sort-based CPU kernel finds them), with the inverse and
    the counts when asked; ``dim``: distinct slices along it."""
    a = as_tensor(input).data
    if dim is not None:
        d = normalize_dims(dim, a.ndim)[0]
        values, inverse, counts = np.unique(a, return_inverse=True, return_counts=True, axis=d)
        inverse = inverse.reshape(-1)
    else:
        values, inverse, counts = np.unique(a.reshape(-1), return_inverse=True, return_counts=True,
                                            equal_nan=False)
        inverse = inverse.reshape(a.shape)
    out = [Tensor(np.ascontiguousarray(values))]
    if return_inverse:
        out.append(Tensor(inverse.astype(np.int64)))
    if return_counts:
        out.append(Tensor(counts.astype(np.int64)))
    return out[0] if len(out) == 1 else tuple(out)


def bincount(input, weights=None, minlength=0):
    """``torch.bincount``: counts (int64), or the weights added per value one
    after another in the weights' dtype, as PyTorch's CPU loop does."""
    x = as_tensor(input)
    a = x.data
    if a.dtype.kind not in "iu":
        raise GradcliError("NotImplementedError", f'"bincount_cpu" not implemented for '
                           f"'{x.dtype.torch_type[:-6]}'")
    if a.ndim != 1 or (a.size and a.min() < 0):
        raise runtime_error("bincount only supports 1-d non-negative integral inputs.")
    if not isinstance(minlength, int) or minlength < 0:
        raise runtime_error("minlength should be >= 0")
    n = max(int(a.max()) + 1 if a.size else 0, minlength)
    if weights is None:
        return Tensor(np.bincount(a, minlength=n).astype(np.int64))
    w = as_tensor(weights).data
    if w.shape != a.shape:
        raise runtime_error("weights should be 1-d and have the same length as input")
    dt = w.dtype if w.dtype.kind == "f" else np.dtype(np.float64)
    out = np.zeros(n, dt)
    np.add.at(out, a, w.astype(dt))
    return Tensor(out)


NO_GRAD.update(unique=unique, bincount=bincount)


# ***** index_fill: a value written at positions along a dim *****

def _filled_grad(m, g, out, a, *_, mask, dim, index, **__):
    """``grad.index_fill(dim, index, 0)``."""
    if m.is_tensor:
        return index_fill(g, dim, index, 0)
    return m.where(mask, 0.0, g)


def _fill_value_grad(m, g, out, a, v, mask, dim, index, key):
    """PyTorch's ``grad.index_select(dim, unique(index)).sum()``: an index
    below zero is index_select's error there.

    NOTE: the positions are the index's unique values in ascending order."""
    if key is None:
        raise index_error("index out of range in self")
    if type(key) is int:            # a 0-d input: index_select picks its one value by exactly one index
        raise runtime_error(f"index_select(): Index to scalar can have only 1 value, got {key} value(s)")
    return m.sum(m.take(g, key), None, False)


row("index_fill", "IndexFillBackward0", lambda a, mask, dim, index, value: np.where(mask, value, a), {"input": _filled_grad},
    forms=("torch", "method", "inplace"), args="input, dim, index, value",
    doc="IndexFillBackward0 (a number value), IndexFillBackward1 (a tensor)",
    samples=(Sample(T((3, 4)), 1, T(values=[0, 2], dtype="int64", grad=False), -1.0),
             Sample(T((3, 4)), 0, T(values=[2, 0, 2], dtype="int64", grad=False), T(values=2.5)),
             Sample(T((3, 4)), 0, T(values=[-1, 0], dtype="int64", grad=False), T(values=2.5, grad=False)),
             Sample(T((2, 3)), -1, T(values=1, dtype="int64", grad=False), 7),
             Sample(T(values=1.5), 0, T(values=[0], dtype="int64", grad=False), 4.0),
             Sample(T(values=[1, 2, 3], dtype="int64", grad=False), 0, T(values=[1], dtype="int64", grad=False), 2.7),
             Sample(T((2, 2)), 0, T(values=[], dtype="int64", grad=False), 3.0)))
row("index_fill_tensor", "IndexFillBackward1", lambda a, v, mask, dim, index, key: np.where(mask, v, a),
    {"input": _filled_grad, "value": _fill_value_grad}, via="index_fill")
_INDEX_FILL_FORMS = ("(Tensor input, int dim, Tensor index, Tensor value)",
                     "(Tensor input, int dim, Tensor index, Number value)")


def _index_fill(input, args, kwargs, method, name="index_fill"):
    x = as_tensor(input)
    bound = dict(zip(("dim", "index", "value"), args))
    fits = len(args) + len(kwargs) == 3 and all(k in ("dim", "index", "value") and k not in bound for k in kwargs)
    bound.update(kwargs)
    dim, index, value = bound.get("dim"), bound.get("index"), bound.get("value")
    number = isinstance(value, (int, float, complex, np.number))
    if not fits or not isinstance(dim, int) or isinstance(dim, bool) or \
            type(index) is not Tensor or not (number or type(value) is Tensor):
        forms = [f"({f[len('(Tensor input, '):]}" for f in _INDEX_FILL_FORMS] if method else _INDEX_FILL_FORMS
        from .device import invalid_combination
        raise invalid_combination(name, args if method else (input,) + args, kwargs, forms)
    if type(value) is Tensor and value.data.ndim:
        raise runtime_error("index_fill_ only supports a 0-dimensional value tensor, but got tensor with "
                            f"{value.data.ndim} dimension(s).")
    if index.data.dtype != np.int64:
        raise index_error("index_fill_(): Expected dtype int64 for index.")
    a = x.data
    d = normalize_dims(dim, max(a.ndim, 1))[0]
    if index.data.ndim > 1:
        raise runtime_error("Index has to be a vector/scalar")
    idx, n = index.data.reshape(-1), a.shape[d] if a.ndim else 1
    if idx.size and (idx.min() < -n or idx.max() >= n):
        raise index_error(f"index {int(idx[(idx < -n) | (idx >= n)][0])} is out of bounds for dimension {d} "
                          f"with size {n}")
    picked = np.unique(np.where(idx < 0, idx + n, idx))
    mask = np.zeros(n, bool)
    mask[picked] = True
    mask = np.broadcast_to(mask.reshape([n if k == d else 1 for k in range(a.ndim)]), a.shape)
    filled = value.data.item() if type(value) is Tensor else value
    if isinstance(filled, complex) and a.dtype.kind != "c":
        raise runtime_error("index_fill_(): Converting complex Scalar to non-complex type is not supported")
    filled = np.asarray(checked_scalar(int(filled) if isinstance(filled, bool) else filled, a.dtype)).astype(a.dtype)
    out = np.where(mask, filled, a)
    attrs = {"mask": mask, "dim": d, "index": index}
    if type(value) is not Tensor:
        return OPS["index_fill"].apply((x,), {**attrs, "value": filled}, out)
    if a.ndim:
        shape = [picked.size if k == d else n_k for k, n_k in enumerate(a.shape)]
        positions = np.broadcast_to(picked.reshape([-1 if k == d else 1 for k in range(a.ndim)]), shape)
        key = along_key(np.ascontiguousarray(positions), d)
    else:
        key = () if picked.size == 1 else picked.size
    if idx.size and idx.min() < 0:
        key = None
    return OPS["index_fill_tensor"].apply((x, value), {**attrs, "key": key}, out)


@implements("index_fill")
def index_fill(input, *args, **kwargs):
    return _index_fill(input, args, kwargs, False)


def index_fill_method(self, *args, **kwargs):
    return _index_fill(self, args, kwargs, True)


def index_fill_into(self, *args, **kwargs):
    """``x.index_fill_(...)``, whose errors name it."""
    return _index_fill(self, args, kwargs, True, "index_fill_")
