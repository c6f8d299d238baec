"""The math namespace ``m`` the gradient rules are written over, in its two
forms, and their installation into the engine.

``NUMPY`` works on numpy arrays: the plain, fast path. ``TENSOR`` offers the
same names over Tensors, through recorded ops, so that with
``create_graph=True`` the gradients carry their own graph. Rules combine
these primitives with Python's operators (numpy's on arrays, the recorded
ops on Tensors: see ``install``), so each formula is written once.

``m.data(x)`` is the numpy value of either; ``m.const(array)`` lifts a
constant (a mask, a count) into the namespace's kind. Constants have zero
derivative.
"""
from __future__ import annotations

import sys

import numpy as np

from ..engine import autograd as AG
from ..engine import blas
from ..engine import dtypes as D
from ..engine.cascade import mean_like_torch, sum_like_torch
from ..engine.tensor import Tensor
from . import arith, create, join, shape
from . import cpu_kernels as K
from .pointwise import sign_array
from .table import OPS, embed_array, embed_add_array, tie_op


def sum_to_shape(g, shape_):
    """Undo broadcasting: sum ``g`` down to ``shape_`` (the one helper)."""
    if g.shape == shape_:
        return g
    lead = g.ndim - len(shape_)
    axes = tuple(range(lead)) + tuple(i + lead for i, s in enumerate(shape_) if s == 1 and g.shape[i + lead] != 1)
    if axes:
        g = sum_like_torch(g, axes, True)       # PyTorch's sum_to adds in its kernel's order
    return g.reshape(shape_)


def keep_axes(dim, ndim):
    """``dim`` (int or sequence) as sorted non-negative axes."""
    dims = (dim,) if isinstance(dim, int) else tuple(dim)
    return tuple(sorted(d % ndim if ndim else 0 for d in dims))


def count(shape_, dim):
    """How many elements a reduction over ``dim`` of ``shape_`` combines (at least 1)."""
    n = 1
    for d in keep_axes(dim, len(shape_)):
        n *= shape_[d] if shape_ else 1
    return max(n, 1)


def row_function(name, field):
    """A row's numpy ``forward`` or recorded ``call``, by the row's name."""
    op = None if name.startswith("_") else OPS.get(name)
    fn = getattr(op, field) if op is not None else None
    if fn is None:
        raise AttributeError(name)
    return fn


def _keep(cls, name, fn):
    """``fn``, a row's function, now also ``cls.name`` (rows never change)."""
    setattr(cls, name, staticmethod(fn))
    return fn


def _scalar_like(v, like):
    return np.asarray(v, dtype=like.dtype) if type(v) is int or type(v) is float else v


class NumpyMath:
    """The plain path: numpy arrays."""
    is_tensor = False
    spare = None            # an input array the engine lends the running node's rules (engine: _spare_input)
    last = None             # the node's incoming gradient, when its last rule may write into it (engine: _free_gradient)
    # NOTE: the rows' own forwards, so that a rule's cos(x) rounds as the cos op does
    cos = staticmethod(OPS["cos"].forward)
    sin = staticmethod(OPS["sin"].forward)
    log = staticmethod(OPS["log"].forward)
    exp = staticmethod(OPS["exp"].forward)
    sqrt = staticmethod(np.sqrt)
    tanh = staticmethod(OPS["tanh"].forward)
    abs = staticmethod(np.abs)
    sgn = staticmethod(sign_array)
    matmul = staticmethod(blas.matmul)
    outer = staticmethod(np.outer)
    zeros_like = staticmethod(np.zeros_like)
    einsum = staticmethod(np.einsum)
    count = staticmethod(count)
    cumsum = staticmethod(K.cumsum)         # PyTorch's kernel: float32 summed in double

    @staticmethod
    def data(x):
        return x

    @staticmethod
    def const(a):
        return a

    @staticmethod
    def add(a, b):
        return a + b

    @staticmethod
    def tie(r, saved, grad_fn):
        return r

    def product(self, g, x):
        """``g * x``, into the memory of ``x`` or ``g`` when the engine lent
        it (``spare``): an input no one else holds, dropped once the node's
        rules ran, or the gradient when this is the node's only rule. Only
        for a rule whose node's other rules do not read ``x``. A Python
        float ``x`` is taken as its cached operand (``arith.number_operand``:
        the same result, a quicker numpy call)."""
        if type(x) is float:
            return g * arith.number_operand(x, g.dtype)
        out = None if self.spare is None else self._lent(g, x)
        return g * x if out is None else np.multiply(g, x, out=out)

    def last_product(self, g, x):
        """``product`` for the last of a node's rules to run (the engine runs
        them last input first: this is input 0's), which may also write into
        the incoming gradient ``g`` when only the pass holds it (``last``)."""
        if type(x) is float:
            return g * arith.number_operand(x, g.dtype)
        out = None if self.spare is None else self._lent(g, x)
        if out is None and self.last is not None and g is self.last:
            out = self._last(g, x)
        return g * x if out is None else np.multiply(g, x, out=out)

    def quotient(self, g, x):
        """``g / x``, into lent memory as ``product``; the node's rules that
        read ``x`` must have run, and it is input 0's, the last to run (so
        it may write into ``g`` as ``last_product``). A Python float as in
        ``product``."""
        if type(x) is float:
            return g / arith.number_operand(x, g.dtype)
        out = None if self.spare is None else self._lent(g, x)
        if out is None and self.last is not None and g is self.last:
            out = self._last(g, x)
        return g / x if out is None else np.divide(g, x, out=out)

    def _last(self, g, x):
        if type(x) is not np.ndarray or g.shape != x.shape or g.dtype != x.dtype:
            return None
        self.last = None
        return g

    def _lent(self, g, x):
        spare = self.spare
        if spare is None or (x is not spare and g is not spare):
            return None
        if type(g) is not np.ndarray or type(x) is not np.ndarray or g.shape != x.shape or g.dtype != x.dtype:
            return None
        self.spare = None
        return spare

    @staticmethod
    def times(g, out):
        """``g * out`` for a rule that scales the gradient by its node's saved
        output: ``out`` itself where ``g`` is a broadcast one (the gradient
        of a ``sum``) and the node is the only holder of ``out``.

        NOTE: ``1 * x`` is ``x`` bit for bit, and an output that no tensor
        holds is seen by no one once its node lets go of it, so it can be
        the gradient uncopied (a full-size pass saved). The references then
        are the node's, the caller's ``out``, the rule's parameter, this
        parameter and getrefcount's own argument."""
        if (type(g) is np.ndarray and type(out) is np.ndarray and g.dtype == out.dtype
                and g.shape == out.shape and out.size >= AG.RELEASE_MIN and not any(g.strides)
                and g.flat[0] == 1 and out.base is None and out.flags.writeable
                and sys.getrefcount(out) <= 5):
            return out
        return g * out

    @staticmethod
    def fit(g, like):
        """``g`` summed down to ``like``'s shape and cast to its dtype."""
        data = like.data
        if g.shape != data.shape:
            g = sum_to_shape(np.asarray(g), data.shape)
        if g.dtype != data.dtype:
            g = g.astype(data.dtype)
        return g

    @staticmethod
    def to_dtype(a, dt):
        return a if a.dtype == dt.np else a.astype(dt.np)

    @staticmethod
    def where(cond, a, b):
        """``cond`` is a numpy bool array; ``a``/``b`` values or Python numbers."""
        like = b if hasattr(b, "dtype") else a
        return np.where(cond, _scalar_like(a, like), _scalar_like(b, like))

    @staticmethod
    def mask(g, out):
        return np.where(out <= 0, np.zeros((), dtype=g.dtype), g)

    @staticmethod
    def expand(g, shape_):
        return np.broadcast_to(g, shape_)

    @staticmethod
    def keep_dims(g, dim, keepdim, ndim):
        if keepdim or ndim == 0 or (not isinstance(dim, int) and not dim):
            return g
        return np.expand_dims(g, keep_axes(dim, ndim))

    @staticmethod
    def mean(a, dims):
        """Mean over ``dims`` (None: all), dims kept, added in PyTorch's order."""
        return mean_like_torch(a, dims or None, True)

    @staticmethod
    def sum(a, dims, keepdim=True):
        """Sum over ``dims``, added in PyTorch's order (a gradient formula's
        ``.sum()`` runs PyTorch's sum kernel)."""
        return sum_like_torch(a, dims, keepdim)

    @staticmethod
    def mT(a):
        return np.swapaxes(a, -1, -2)

    @staticmethod
    def permute(g, dims):
        return np.transpose(g, dims)

    @staticmethod
    def reshape(g, shape_):
        return np.reshape(g, shape_)

    @staticmethod
    def embed(g, shape_, key):
        return embed_array(g, shape_, key)

    @staticmethod
    def embed_add(g, shape_, key):
        return embed_add_array(g, shape_, key)

    @staticmethod
    def take(g, key):
        return g[key]

    @staticmethod
    def narrow(g, dim, start, stop):
        return g[(slice(None),) * dim + (slice(start, stop),)]

    @staticmethod
    def select(g, dim, index):
        return g[(slice(None),) * dim + (index, Ellipsis)]

    @staticmethod
    def flip(g, dim):
        return np.flip(g, axis=dim)

    @staticmethod
    def cat(parts, dim):
        return np.concatenate(parts, axis=dim)

    @staticmethod
    def unsqueeze(g, dim):
        return np.expand_dims(g, dim)

    def __getattr__(self, name):
        # Any other row by name: its numpy forward (``m.erf(a)``, ``m.cosh(a)``),
        # kept as an attribute for the next lookup
        return _keep(type(self), name, row_function(name, "forward"))


class TensorMath:
    """The same names over Tensors, through the recorded ops."""
    is_tensor = True
    cos, sin, log, exp = (staticmethod(f) for f in (arith.cos, arith.sin, arith.log, arith.exp))
    sqrt, tanh, abs, matmul = (staticmethod(f) for f in (arith.sqrt, arith.tanh, arith.abs, arith.matmul))
    count = staticmethod(count)

    @staticmethod
    def data(x):
        return x.data

    @staticmethod
    def times(g, out):
        return g * out

    @staticmethod
    def product(g, x):
        return g * x

    last_product = product

    @staticmethod
    def quotient(g, x):
        return g / x

    @staticmethod
    def const(a):
        return Tensor(np.asarray(a))

    @staticmethod
    def add(a, b):
        return arith.add(a, b)

    @staticmethod
    def first_grad(g, leaf, dense: bool):
        """A leaf's first ``.grad`` under create_graph, as PyTorch's
        AccumulateGrad makes it (``clone_obey_contract``): a copy of ``g``
        in the leaf's layout (CopyBackwards) for a ``dense`` leaf (its
        elements fill its memory), else a contiguous clone (CloneBackward0);
        ``g`` itself, uncopied, where it has no history."""
        if not g.requires_grad:
            return g
        d = leaf.data
        if not dense:
            return OPS["clone"].apply((g,), {}, np.ascontiguousarray(g.data))
        out = np.empty_like(d)
        np.copyto(out, g.data, casting="unsafe")
        return OPS["copy"].apply((Tensor(np.empty_like(d)), g), {}, out)

    @staticmethod
    def fit(g, like):
        if g.shape != like.shape:
            g = shape.sum_to(g, like.shape)
        return arith.to_dtype(g, D.of_array(like.data))

    @staticmethod
    def to_dtype(a, dt):
        return arith.to_dtype(a, dt)

    @staticmethod
    def tie(r, saved, grad_fn):
        """``r``, a gradient, in the graph of ``saved`` with a zero
        derivative (``ops/table.py``: ties)."""
        return tie_op(grad_fn).apply((r, saved), {}, r.data)

    @staticmethod
    def sgn(a):
        # NOTE: PyTorch's sgn(x) inside a formula is recorded (SgnBackward0,
        # zero gradient), so the result stays connected to x.
        return OPS["sgn"].apply((a,), {}, sign_array(a.data))

    @staticmethod
    def zeros_like(g):
        return create.zeros_like(g)

    @staticmethod
    def where(cond, a, b):
        return join.where(Tensor(np.asarray(cond)), a, b)

    @staticmethod
    def masked_fill(g, mask, value):
        """``mask`` a numpy bool array, as ``where``'s ``cond``."""
        return OPS["masked_fill"].call(g, Tensor(np.asarray(mask)), value)

    @staticmethod
    def mask(g, out):
        return arith.mul(g, Tensor((~(out.data <= 0)).astype(g.data.dtype)))

    @staticmethod
    def expand(g, shape_):
        return shape.expand(g, tuple(shape_))

    @staticmethod
    def keep_dims(g, dim, keepdim, ndim):
        if keepdim or ndim == 0 or (not isinstance(dim, int) and not dim):
            return g
        for d in keep_axes(dim, ndim):
            g = shape.unsqueeze(g, d)
        return g

    @staticmethod
    def mean(a, dims):
        return arith.mean(a, dims, keepdim=True) if dims else arith.mean(a)

    @staticmethod
    def sum(a, dims, keepdim=True):
        return arith.sum(a, dims, keepdim=keepdim)

    @staticmethod
    def mT(a):
        return shape.transpose(a, -2, -1) if a.data.ndim >= 2 else a

    @staticmethod
    def permute(g, dims):
        return shape.permute(g, dims)

    @staticmethod
    def reshape(g, shape_):
        return shape.reshape(g, tuple(shape_))

    @staticmethod
    def outer(a, b):
        return arith.mul(shape.unsqueeze(a, 1), shape.unsqueeze(b, 0))

    @staticmethod
    def embed(g, shape_, key):
        return OPS["embed"].apply((g, tuple(shape_), key), {}, embed_array(g.data, tuple(shape_), key),
                                  D.of_array(g.data))

    @staticmethod
    def embed_add(g, shape_, key):
        return OPS["embed_add"].apply((g, tuple(shape_), key), {}, embed_add_array(g.data, tuple(shape_), key),
                                      D.of_array(g.data))

    @staticmethod
    def take(g, key):
        return OPS["index"].apply((g,), {"key": key}, g.data[key], D.of_array(g.data))

    @staticmethod
    def narrow(g, dim, start, stop):
        attrs = {"dim": dim, "start": start, "stop": stop, "step": 1}
        return OPS["slice"].apply((g,), attrs, NUMPY.narrow(g.data, dim, start, stop))

    @staticmethod
    def select(g, dim, index):
        return OPS["select"].apply((g,), {"dim": dim, "index": index}, NUMPY.select(g.data, dim, index))

    @staticmethod
    def cumsum(g, dim):
        return OPS["cumsum"].call(g, dim)

    @staticmethod
    def flip(g, dim):
        return OPS["flip"].call(g, dim if isinstance(dim, tuple) else (dim,))

    @staticmethod
    def cat(parts, dim):
        return join.cat(list(parts), dim)

    @staticmethod
    def unsqueeze(g, dim):
        return shape.unsqueeze(g, dim)

    def __getattr__(self, name):
        # Any other row by name: its recorded function (``m.erf(a)``, ``m.cosh(a)``).
        return _keep(type(self), name, row_function(name, "call"))


NUMPY = NumpyMath()
TENSOR = TensorMath()


def _operator(fn, swap=False):
    def method(self, other):
        return fn(other, self) if swap else fn(self, other)
    method.__name__ = fn.__name__
    return method


def install():
    """Give the engine its math namespaces, and Tensors their Python
    operators (used by the rules under create_graph; scripts reach
    operators through lang/runtime.py)."""
    AG.use_math(NUMPY, TENSOR)
    for name, fn, swap in (("__add__", arith.add, False), ("__radd__", arith.add, True),
                           ("__sub__", arith.sub, False), ("__rsub__", arith.sub, True),
                           ("__mul__", arith.mul, False), ("__rmul__", arith.mul, True),
                           ("__truediv__", arith.div, False), ("__rtruediv__", arith.div, True),
                           ("__pow__", arith.pow, False), ("__rpow__", arith.pow, True),
                           ("__matmul__", arith.matmul, False)):
        setattr(Tensor, name, _operator(fn, swap))
    Tensor.__neg__ = arith.neg
    # numpy defers to these operators when a Tensor is the right operand
    Tensor.__array_ufunc__ = None
