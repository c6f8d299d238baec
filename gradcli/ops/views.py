"""In-place writes through views, with PyTorch's history: CopySlices.

An in-place op on a view records its node as usual (``x.mul_(2)`` on a view
``v`` is MulBackward0 over ``v``), then, as PyTorch's rebase_history does,
the base's history becomes a ``CopySlices`` node that wraps it: the gradient
of the base flows to the base's old history outside the view's elements,
and through the in-place op's node inside them. The view's own history is
then regenerated from the base (``AsStridedBackward0``, engine/views.py).

Also here: the rows of those nodes, ``copy_`` (CopyBackwards), and the
view queries scripts print (``_base``, ``_is_view()``, ``_version``).
"""
from __future__ import annotations

import weakref

import numpy as np

from ..engine import views as V
from ..engine.autograd import gradient_edge, input_grad, make_node, record
from ..engine.context import CONTEXT
from ..engine.tensor import Tensor
from ..errors import runtime_error
from .oprow import row
from .operands import as_tensor, checked_scalar, existing_dim


# ***** rows *****

def _mask_outside(key, like):
    """1 outside the elements at ``key``, 0 at them, in ``like``'s shape and dtype."""
    mask = np.ones(like.shape, dtype=like.dtype)
    mask[key] = 0
    return mask


V.use_rows(as_strided=row("as_strided", "AsStridedBackward0", lambda a, key: a[key],
                           {"input": lambda m, g, out, a, key: m.embed_add(g, a.shape, key)},
                           via="a view regenerated"))


def _slices_base(m, g, out, base, *rest, inner, key):
    """CopySlices, for the base: its old history outside the view; inside
    it, what the in-place op's node sends to the view's old value."""
    res = g * m.const(_mask_outside(key, m.data(g)))
    if inner.edges[0] is not None:
        res = res + m.embed(input_grad(inner, 0, m.take(g, key), m), tuple(g.shape), key)
    return res


def _slices_input(k):
    def rule(m, g, out, base, *rest, inner, key):
        return input_grad(inner, k, m.take(g, key), m)
    return rule


def _copy_slices_forward(base, *rest, inner, key):
    """The base after the in-place op wrote its view (to replay a graph)."""
    out = np.array(base, dtype=np.float64)
    out[key] = inner.op.forward(out[key], *rest, **inner.attrs)
    return out


COPY_SLICES = {}
for _n in (1, 2, 3, 4):
    _names = ("self",) + tuple(f"input{k}" for k in range(1, _n))
    COPY_SLICES[_n] = row(f"copy_slices{_n}", "CopySlices", _copy_slices_forward,
                          dict(zip(_names, [_slices_base] + [_slices_input(k) for k in range(1, _n)])),
                          via="an in-place op on a view", saves=("inner",), reads=((),) * _n)

row("copy", "CopyBackwards", lambda a, src: np.broadcast_to(src, a.shape).astype(a.dtype),
    {"self": lambda m, g, out, a, src: m.zeros_like(g), "src": lambda m, g, out, a, src: g},
    via="copy_")


row("zero", "ZeroBackward0", lambda a: np.zeros_like(a), {"self": lambda m, g, out, a: m.zeros_like(g)},
    via="zero_")
row("fill", "FillBackward2", lambda a, value: np.full_like(a, value),
    {"self": lambda m, g, out, a, value: m.zeros_like(g)}, via="fill_")
row("fill_tensor", "FillBackward3", lambda a, value: np.broadcast_to(value, a.shape).astype(a.dtype),
    {"self": lambda m, g, out, a, value: m.zeros_like(g), "value": lambda m, g, out, a, value: m.sum(g, None, False)},
    via="fill_")


def zero_values(v: Tensor) -> Tensor:
    """The values ``v.zero_()`` writes (ZeroBackward0)."""
    from .table import OPS
    return record(OPS["zero"], (v,), {}, np.zeros_like(v.data), None)


def fill_values(v: Tensor, value) -> Tensor:
    """The values ``v.fill_(value)`` writes (FillBackward2, or FillBackward3 for a tensor value)."""
    from .table import OPS
    if type(value) is Tensor:
        if value.data.ndim:
            raise runtime_error(f"fill_ only supports 0-dimension value tensor but got tensor with "
                                f"{value.data.ndim} dimensions.")
        return record(OPS["fill_tensor"], (v, value), {}, np.full_like(v.data, value.data), None)
    value = checked_scalar(value, v.data.dtype)
    return record(OPS["fill"], (v,), {"value": value}, np.full_like(v.data, value), None)


def copy_values(v: Tensor, src) -> Tensor:
    """The values ``v.copy_(src)`` writes (CopyBackwards over ``v`` and ``src``)."""
    s = src if type(src) is Tensor else as_tensor(src)
    try:
        out = np.broadcast_to(s.data, v.data.shape)
    except ValueError:
        raise runtime_error(f"The size of tensor a ({v.shape[-1] if v.data.ndim else 1}) must match the size "
                            f"of tensor b ({s.shape[-1] if s.data.ndim else 1}) at non-singleton dimension "
                            f"{max(v.data.ndim - 1, 0)}") from None
    from .table import OPS
    return record(OPS["copy"], (v, s), {}, out.astype(v.data.dtype), None)


def without_leading_ones(value: Tensor) -> Tensor:
    """``value`` viewed without its leading dims of size 1, as PyTorch's
    setitem takes a value (``slicePrefix1sSize``); itself when it has none."""
    sizes = tuple(value.shape)
    while sizes and sizes[0] == 1:
        sizes = sizes[1:]
    if sizes == tuple(value.shape):
        return value
    from .shape import view
    return view(value, sizes)


def copy_to(v: Tensor, value) -> Tensor:
    """The values ``v[...] = value`` writes, as PyTorch's setitem does: a
    0-dim value fills (FillBackward3); another of a different shape loses
    its leading 1s (a view), is expanded to ``v``'s shape (PyTorch's expand
    errors) and copied."""
    value = value if type(value) is Tensor else as_tensor(value)
    if value.shape == v.shape:
        return copy_values(v, value)
    if value.data.ndim == 0:
        return fill_values(v, value)
    value = without_leading_ones(value)
    sizes, target = tuple(value.shape), tuple(v.shape)
    if len(sizes) > len(target):
        raise runtime_error(f"expand(torch.{value.dtype.torch_type}{{[{', '.join(map(str, sizes))}]}}, "
                            f"size=[{', '.join(map(str, target))}]): the number of sizes provided "
                            f"({len(target)}) must be greater or equal to the number of dimensions in the "
                            f"tensor ({len(sizes)})")
    # NOTE: from the last dim, as PyTorch's expand checks
    for i, (want, have) in reversed(list(enumerate(zip(target[len(target) - len(sizes):], sizes)))):
        if have != want and have != 1:
            raise runtime_error(f"The expanded size of the tensor ({want}) must match the existing size ({have}) "
                                f"at non-singleton dimension {i + len(target) - len(sizes)}.  Target sizes: "
                                f"[{', '.join(map(str, target))}].  Tensor sizes: [{', '.join(map(str, sizes))}]")
    return copy_values(v, value)


# ***** history *****

def rebase_view(t: Tensor, node) -> None:
    """``t`` (a view) was written in place by ``node``: the base's history
    becomes CopySlices around ``node``, and ``t``'s is regenerated."""
    base = t._view.base
    key = V.index_in_base(t)
    n = len(node.edges)
    edges = [gradient_edge(base)] + list(node.edges[1:])
    cs = make_node(COPY_SLICES[n], (base,) + tuple(node.args[1:]), {"inner": node, "key": key}, base.data, edges)
    cs.saved = node.saved
    snaps = CONTEXT.snapshots
    if snaps is not None and node in snaps:         # `gradcli check`: the base as it was
        old = np.array(base.data, copy=True)
        old[key] = snaps[node][0]
        snaps[cs] = (old,) + tuple(snaps[node][1:])
    move_retained(base, cs)
    base.grad_fn = cs
    base.requires_grad = True
    V.refresh(t)


def move_retained(t: Tensor, node) -> None:
    """``t``'s history becomes ``node``: a gradient ``t`` retains is now
    the one reaching ``node`` (as PyTorch moves its retains_grad hook)."""
    if t._retains_grad:
        old = t.grad_fn
        if old is not None and old.retained is not None and old.retained() is t:
            old.retained = None
        node.retained = weakref.ref(t)


# ***** queries scripts make *****

def base_of(t: Tensor):
    """``t._base``."""
    return V.base_of(t)


def is_view(t: Tensor) -> bool:
    """``t._is_view()``."""
    return V.is_view(t)


def requires_grad_of(t: Tensor) -> bool:
    """``t.requires_grad``: a view also requires grad when its base does
    (its history is not regenerated to answer)."""
    meta = t._view
    return t.requires_grad or (meta is not None and meta.base.requires_grad)


def version_of(t: Tensor) -> int:
    """``t._version``."""
    return t.version


# ***** where a tensor's elements lie in memory *****

def stride(t: Tensor, dim=None):
    """``t.stride()``: the step in elements from one index to the next along
    each dim (one dim's, given ``dim``)."""
    a = t.data
    steps = tuple(st // a.itemsize for st in a.strides)
    return steps if dim is None else steps[existing_dim(dim, a.ndim)]


def storage_offset(t: Tensor) -> int:
    """``t.storage_offset()``: where ``t``'s first element lies, in elements
    from the start of the memory it shares with its base."""
    return (_address(t.data) - _address(_memory_owner(t.data))) // t.data.itemsize


def data_ptr(t: Tensor) -> int:
    """``t.data_ptr()``: the address of ``t``'s first element (as in
    PyTorch, it changes from run to run; views of one memory differ by their
    offsets)."""
    return _address(t.data)


def _address(a: np.ndarray) -> int:
    return a.__array_interface__["data"][0]


def _memory_owner(a: np.ndarray) -> np.ndarray:
    """The array that owns the memory ``a`` views (through numpy's views
    and ``as_strided``'s wrapper, which keeps the array it was made from)."""
    while True:
        b = a.base
        if isinstance(b, np.ndarray):
            a = b
        elif b is not None and isinstance(getattr(b, "base", None), np.ndarray):
            a = b.base
        else:
            return a
