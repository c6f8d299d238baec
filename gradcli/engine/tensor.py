"""Tensor: numpy data plus PyTorch's autograd state.

The data is a numpy array (0-dim for scalars). Views and ``detach()`` share
both the data and the version counter with their base, as in PyTorch, so an
in-place change through any of them is seen by the saved-tensor checks.
Python's operators on Tensors (used by gradient rules under create_graph)
are installed by the ops layer (ops/mathspace.py).
"""
from __future__ import annotations

import numpy as np

from . import dtypes as D


class Version:
    """A version counter shared by a tensor and its views."""
    __slots__ = ("value",)

    def __init__(self):
        self.value = 0


class Tensor:
    # NOTE: every op makes a Tensor, so its constructor sets only the four
    # fields every tensor needs. The version counter is made when someone
    # asks for it (a saved input, a view, an in-place change), and the
    # rarely set fields (a leaf's grad, hooks, retain_grad, its
    # accumulator) read their class defaults until set.
    __slots__ = ("data", "requires_grad", "grad_fn", "_vc", "__dict__", "__weakref__")
    _grad = None
    _retains_grad = False
    _hooks = None
    _acc_ref = None                   # weakref to this leaf's AccumulateGrad
    _view = None                      # a view's ViewMeta (engine/views.py)
    _reshaped = None                  # [(seq, data, grad_fn)] before each in-place reshape (autograd.note_reshape)

    def __init__(self, data: np.ndarray, requires_grad: bool = False, grad_fn=None,
                 version: Version | None = None):
        self.data = data
        self.requires_grad = requires_grad
        self.grad_fn = grad_fn
        self._vc = version

    @property
    def _version(self) -> Version:
        """The version counter, shared with views and ``detach()``."""
        v = self._vc
        if v is None:
            v = self._vc = Version()
        return v

    # ----- queries -----
    @property
    def dtype(self) -> D.DType:
        return D.of_array(self.data)

    @property
    def shape(self) -> tuple:
        return self.data.shape

    @property
    def ndim(self) -> int:
        return self.data.ndim

    def numel(self) -> int:
        return self.data.size

    @property
    def _accumulator(self):
        """This leaf's AccumulateGrad, while a graph (or anyone) holds it."""
        ref = self._acc_ref
        return ref() if ref is not None else None

    @property
    def is_leaf(self) -> bool:
        return self.grad_fn is None

    @property
    def version(self) -> int:
        v = self._vc
        return 0 if v is None else v.value

    def bump_version(self):
        self._version.value += 1

    def __repr__(self):                   # for debugging only; users see render/
        return f"Tensor({self.data!r}, {', '.join(self.suffixes())})"

    def grad_fn_name(self):
        """The name shown as ``grad_fn=<...>``, or None: a stale view's
        history is regenerated first (``Invalid`` when that is an error)."""
        if self._view is not None:
            from .views import try_grad_fn_name
            return try_grad_fn_name(self)
        fn = self.grad_fn
        return None if fn is None else fn.name

    def suffixes(self) -> list:
        name = self.grad_fn_name()
        if name is not None:
            return [f"grad_fn=<{name}>"]
        if self.requires_grad:
            return ["requires_grad=True"]
        return []


def dense(d: np.ndarray) -> bool:
    """Whether ``d``'s elements fill its memory without gaps or overlaps
    (in any order of its dims), with positive steps."""
    expect = d.itemsize
    for stride, n in sorted((abs(st), n) for st, n in zip(d.strides, d.shape) if n > 1):
        if stride != expect:
            return False
        expect *= n
    return all(st >= 0 for st in d.strides)


def scalar_tensor(value, dtype: D.DType) -> Tensor:
    return Tensor(np.asarray(value, dtype=dtype.np))


class Size(tuple):
    """``torch.Size``: a tuple that prints as ``torch.Size([2, 2])``."""
    __slots__ = ()
    display_name = "torch.Size"

    def numel(self):
        n = 1
        for s in self:
            n *= s
        return n


class ReturnTuple(tuple):
    """``torch.return_types.max(values=..., indices=...)``."""
    __slots__ = ()
    display_name = "torch.return_types"
    kind = ""
    fields = ()

    @classmethod
    def make(cls, kind, fields, values):
        sub = type(kind, (cls,), {"kind": kind, "fields": tuple(fields), "__slots__": (),
                                  "display_name": f"torch.return_types.{kind}"})
        return sub(values)


class Device:
    """``torch.device``: gradcli's tensors live on the CPU."""
    __slots__ = ("type", "index")
    display_name = "torch.device"

    def __init__(self, type_: str, index=None):
        self.type, self.index = type_, index

    def __repr__(self):
        return f"device(type='{self.type}')" if self.index is None else \
            f"device(type='{self.type}', index={self.index})"

    def __str__(self):
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other):
        # NOTE: as in PyTorch, a device never equals a string ('cpu').
        if isinstance(other, Device):
            return (self.type, self.index) == (other.type, other.index)
        return NotImplemented

    def __hash__(self):
        return hash((self.type, self.index))


CPU = Device("cpu")
