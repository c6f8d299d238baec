"""PyTorch's CPU kernels for the in-place updates optimizers make, with
their float32 rounding: ``add(alpha=)``, ``lerp``, ``addcmul`` fuse the
multiply into the add (one rounding, as the compiled kernels' FMA does);
``addcdiv`` rounds ``value * t1 / t2`` first, then adds."""
from __future__ import annotations

import numpy as np

from ..engine.fma import fma_to as fma
from ..engine.fma import plus_scaled as add_scaled      # a.add(b, alpha=alpha)
from ..ops.table import OPS

sqrt = OPS["sqrt"].forward      # a.sqrt(): MKL's where installed, as PyTorch's (engine/mkl.py)


def mul_scalar(a, s):
    return a * a.dtype.type(s)


def lerp(a, b, w):
    """``a.lerp(b, w)`` for a Python-float weight."""
    dt = a.dtype
    w = dt.type(w)
    diff = b - a
    if abs(w) < 0.5:
        return fma(diff, w, a, dt)
    return fma(-diff, dt.type(1) - w, b, dt)


def addcmul(a, t1, t2, value=1.0):
    """``a.addcmul(t1, t2, value=value)``: ``a + value * t1 * t2``."""
    dt = a.dtype
    return fma(dt.type(value) * t1, t2, a, dt)


def addcdiv(a, t1, t2, value=1.0):
    """``a.addcdiv(t1, t2, value=value)``: ``a + value * t1 / t2``."""
    dt = a.dtype
    return a + (dt.type(value) * t1) / t2
