"""The two math namespaces the gradient rules of ``ops/table.py`` run on.

``NUMPY`` works on numpy arrays and is the plain, fast path. ``TENSOR`` offers
the same functions over Tensors, built from recorded ops, so that with
``create_graph=True`` the gradients carry their own graph.
"""
from __future__ import annotations

import numpy as np


def _sum_to(g, shape):
    """Undo broadcasting: sum ``g`` down to ``shape`` (the one helper)."""
    if g.shape == shape:
        return g
    lead = g.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(i + lead for i, s in enumerate(shape) if s == 1 and g.shape[i + lead] != 1)
    if axes:
        g = g.sum(axis=axes, keepdims=True)
    return g.reshape(shape)


def _keep_axes(dim, ndim):
    dims = (dim,) if isinstance(dim, int) else tuple(dim)
    return tuple(sorted(d % ndim if ndim else 0 for d in dims))


class _Numpy:
    is_tensor = False
    cos = staticmethod(np.cos)
    sin = staticmethod(np.sin)
    log = staticmethod(np.log)
    exp = staticmethod(np.exp)
    matmul = staticmethod(np.matmul)
    outer = staticmethod(np.outer)
    zeros_like = staticmethod(np.zeros_like)

    @staticmethod
    def add(a, b):
        return a + b

    @staticmethod
    def fit(g, like):
        """``g`` summed down to ``like``'s shape and cast to its dtype."""
        data = like.data
        if g.shape != data.shape:
            g = _sum_to(np.asarray(g), data.shape)
        if g.dtype != data.dtype:
            g = g.astype(data.dtype)
        return g

    @staticmethod
    def numel(a):
        return a.size

    @staticmethod
    def sign(a):
        return np.sign(a)

    @staticmethod
    def mask(g, out):
        return np.where(out > 0, g, np.zeros((), dtype=g.dtype))

    @staticmethod
    def expand(g, shape):
        return np.broadcast_to(g, shape)

    @staticmethod
    def keep_dims(g, dim, keepdim, ndim):
        if keepdim or ndim == 0:
            return g
        return np.expand_dims(g, _keep_axes(dim, ndim))

    @staticmethod
    def count(shape, dim):
        n = 1
        for d in _keep_axes(dim, len(shape)):
            n *= shape[d] if shape else 1
        return max(n, 1)

    @staticmethod
    def mT(a):
        return np.swapaxes(a, -1, -2)

    @staticmethod
    def permute(g, dims):
        return np.transpose(g, dims)

    @staticmethod
    def reshape(g, shape):
        return np.reshape(g, shape)

    @staticmethod
    def embed(g, shape, key):
        from ..ops.table import _embed
        return _embed(g, shape, key)

    @staticmethod
    def embed_add(g, shape, key):
        from ..ops.table import _embed_add
        return _embed_add(g, shape, key)

    @staticmethod
    def take(g, key):
        return g[key]

    @staticmethod
    def where_nonzero_exp(b, value):
        return value

    @staticmethod
    def where_base_nonzero(a, b, value):
        return np.where((a == 0) & (b >= 0), np.zeros((), dtype=value.dtype), value)

    def __getattr__(self, name):
        # The helpers of the selection, statistics and joining rules live
        # with their differentiable twins in ops/rulemath.py.
        from ..ops import rulemath
        if name.startswith("_") or not hasattr(rulemath, "d_" + name):
            raise AttributeError(name)
        return getattr(rulemath, name)


class _Tensor:
    """Same names as ``_Numpy``, over Tensors, through the recorded ops."""
    is_tensor = True

    def __getattr__(self, name):
        from ..ops import api
        fn = getattr(api, "d_" + name, None)
        if fn is None:
            from ..ops import rulemath
            fn = getattr(rulemath, "d_" + name)
        return fn


NUMPY = _Numpy()
TENSOR = _Tensor()
