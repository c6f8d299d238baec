"""Views: tensors that share their base's data and version counter.

A view carries a ``ViewMeta`` in its ``_view`` slot (None for every other
tensor): its root base (a view of a view points at the first base, as
PyTorch's ``_base`` does), how it was made (``CreationMeta``), its output
number, and the version at which its ``grad_fn`` was last right. Nothing
here runs on the ordinary path of an op: only view ops, in-place ops and
the readers of a view's ``grad_fn`` come here.

When the base or another view of it is modified in place, the view's
history is stale. As in PyTorch, it is regenerated when it is next needed
(``grad_fn``): an ``AsStridedBackward0`` node from the base's current
history (``refresh``). The op row of that node comes from the ops layer
(``use_rows``): the engine imports nothing from the ops.
"""
from __future__ import annotations

import numpy as np

try:
    from numpy.lib.array_utils import byte_bounds
except ImportError:                 # numpy < 2
    byte_bounds = np.byte_bounds

from .context import CONTEXT
from .tensor import Tensor
from ..errors import GradcliError, runtime_error

# ***** how a view was made (PyTorch's CreationMeta) *****
DEFAULT = 0           # an ordinary view
NO_GRAD = 1           # made under no_grad
MULTI_OUTPUT = 2      # one output of unbind / split / chunk


class ViewMeta:
    """What a view knows of its base."""
    __slots__ = ("base", "creation", "attr_version", "output_nr")

    def __init__(self, base: Tensor, creation: int, attr_version: int, output_nr: int = 0):
        self.base = base
        self.creation = creation
        self.attr_version = attr_version
        self.output_nr = output_nr


class _Rows:
    __slots__ = ("as_strided",)

    def __init__(self):
        self.as_strided = None


ROWS = _Rows()


def use_rows(as_strided):
    """The op row of the regenerated view node (AsStridedBackward0): its
    attrs are ``{"key": index arrays of the view's elements in the base}``."""
    ROWS.as_strided = as_strided


def mark_view(t: Tensor, parent: Tensor, grad_enabled: bool, output_nr=None) -> None:
    """Make ``t`` (just made from ``parent`` by a view op) a view of
    ``parent``'s root base. ``output_nr``: its place among the outputs of a
    function that returns several views."""
    pmeta = parent._view
    base = parent if pmeta is None else pmeta.base
    if not grad_enabled:
        creation = NO_GRAD
    elif output_nr is not None:
        creation = MULTI_OUTPUT
    else:
        creation = DEFAULT
    # NOTE: as PyTorch's propagate_creation_meta: an ordinary view of a
    # special view is as special as its parent.
    if creation == DEFAULT and pmeta is not None:
        creation = pmeta.creation
    t._view = ViewMeta(base, creation, t._version.value, output_nr or 0)
    if not grad_enabled and base.requires_grad:
        t.requires_grad = True      # NOTE: PyTorch's view of a base that requires grad does


def writable_view(a: np.ndarray) -> np.ndarray:
    """``a``, writable where numpy marked it read-only only because it came
    from a broadcast (an expanded tensor) while no two of its own elements
    share memory: the same view of the same memory.

    NOTE: PyTorch writes through such a view (``b.expand(2, 3)[0] = 1``
    writes ``b``) and refuses only a written-to tensor whose elements share
    memory; a view of memory nothing may write (a stand-in, a read-only
    numpy array) stays read-only."""
    if a.flags.writeable or any(st == 0 and n > 1 for st, n in zip(a.strides, a.shape)):
        return a
    root = a
    while isinstance(root.base, np.ndarray):
        root = root.base
    if root is a or not root.flags.writeable:
        return a
    offset = a.__array_interface__["data"][0] - root.__array_interface__["data"][0]
    try:
        return np.ndarray(a.shape, a.dtype, root, offset, a.strides)
    except (TypeError, ValueError):             # a root numpy cannot hand over as one buffer
        return a


def is_view(t: Tensor) -> bool:
    return t._view is not None


def base_of(t: Tensor):
    meta = t._view
    return None if meta is None else meta.base


# ***** errors *****

# PyTorch's hand-written nodes, which it names by their C++ names
CPP_NODES = frozenset(("AccumulateGrad", "CopySlices", "CopyBackwards", "NotImplemented"))


def cpp_name(grad_fn_name: str) -> str:
    """A node's ``name()``: ``torch::autograd::CopySlices``, ``MulBackward0``."""
    return f"torch::autograd::{grad_fn_name}" if grad_fn_name in CPP_NODES else grad_fn_name


def forward_name(grad_fn_name: str) -> str:
    """``SplitBackward0`` → ``Split``, ``PowBackward2`` → ``Pow2`` (PyTorch's
    name of the forward op: a variant's number stays), ``CopySlices`` →
    ``torch::autograd::CopySlices`` (a hand-written node: its C++ name)."""
    head, sep, tail = grad_fn_name.rpartition("Backward")
    return head + tail.lstrip("0") if sep and tail.isdigit() else cpp_name(grad_fn_name)


def check_rebase(t: Tensor, indirect: bool) -> None:
    """PyTorch's handle_view_on_rebase: a view made under no_grad, or one of
    several outputs, may not have its history rewritten."""
    meta = t._view
    if meta.creation == DEFAULT:
        return
    modified = "its base or another view of its base has been" if indirect else "is being"
    if t.grad_fn is not None:
        msg = (f"Output {meta.output_nr} of {forward_name(t.grad_fn.name)} is a view and {modified} "
               "modified inplace.")
    else:
        msg = f"A view was created in no_grad mode and {modified} modified inplace with grad mode enabled."
    if meta.creation == MULTI_OUTPUT:
        msg += (" This view is the output of a function that returns multiple views. Such functions do not "
                "allow the output views to be modified inplace. You should replace the inplace operation by "
                "an out-of-place one.")
    else:
        msg += (" Given that this use case is ambiguous and error-prone, it is forbidden. You can clarify your "
                "code by moving both the view and the inplace either both inside the no_grad block (if you "
                "don't want the inplace to be tracked) or both outside (if you want the inplace to be tracked).")
    raise runtime_error(msg)


# ***** where a view's elements lie in its base *****

def index_in_base(t: Tensor):
    """The index arrays (one per dim of the base, each in the view's shape)
    of the view's elements in its base, from where their memory lies.
    None when the view no longer shares its base's memory."""
    base = t._view.base.data
    view = t.data
    item = base.itemsize
    lo, hi = byte_bounds(base)
    vlo, vhi = byte_bounds(view)
    if base.size == 0 or view.size == 0:
        return tuple(np.zeros(view.shape, dtype=np.intp) for _ in base.shape)
    if base.ndim == 0 and view.size == 1:         # the one element, in dims of size 1
        return (None,) * view.ndim
    if vlo < lo or vhi > hi or view.dtype != base.dtype:
        return None
    # Number every element of the base in a buffer laid out as its memory,
    # then read that buffer with the view's layout.
    buf = np.zeros((hi - lo) // item, dtype=np.intp)
    scale = buf.itemsize // item if buf.itemsize >= item else None
    if scale is None or any(s % item for s in base.strides + view.strides):
        return None
    start = (base.__array_interface__["data"][0] - lo) // item
    numbered = np.lib.stride_tricks.as_strided(buf[start:], base.shape, tuple(s * scale for s in base.strides))
    numbered[...] = np.arange(base.size).reshape(base.shape)
    vstart = (view.__array_interface__["data"][0] - lo) // item
    flat = np.lib.stride_tricks.as_strided(buf[vstart:], view.shape, tuple(s * scale for s in view.strides)).copy()
    return np.unravel_index(flat, base.shape)


# ***** the view's history, regenerated when stale *****

def refresh(t: Tensor):
    """``t.grad_fn`` for a view ``t``: regenerated (AsStridedBackward0 from
    its base's current history) when the base or another of its views was
    modified in place since it was last set. PyTorch's grad_fn()."""
    meta = t._view
    base = meta.base
    if t.grad_fn is None and not base.requires_grad:
        return None
    now = t._version.value
    if meta.attr_version != now:
        check_rebase(t, indirect=True)
        key = index_in_base(t)
        if key is not None:
            from .autograd import make_node, gradient_edge
            t.grad_fn = make_node(ROWS.as_strided, (base,), {"key": key}, t.data, [gradient_edge(base)])
            snaps = CONTEXT.snapshots
            if snaps is not None:           # `gradcli check`: the base as it is now
                snaps[t.grad_fn] = (np.array(base.data, copy=True),)
            t.requires_grad = True
        meta.attr_version = now
    return t.grad_fn


def current_grad_fn(t: Tensor):
    """``t.grad_fn``, regenerated first if ``t`` is a stale view."""
    return t.grad_fn if t._view is None else refresh(t)


def try_grad_fn_name(t: Tensor):
    """The name printed in ``grad_fn=<...>``: ``Invalid`` when regenerating
    the view's history is an error, as PyTorch prints it."""
    try:
        fn = current_grad_fn(t)
    except GradcliError:
        return "Invalid"
    return None if fn is None else fn.name
