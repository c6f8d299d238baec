"""``torch.nn.init`` as ``nn.Linear.reset_parameters`` uses it: bounds
computed in Python floats as ``torch/nn/init.py`` does, numbers drawn from
the generator in PyTorch's order (weight first, then bias)."""
from __future__ import annotations

import math

from ..engine.tensor import Tensor


def fan_in_and_out(t: Tensor) -> tuple:
    shape = t.data.shape
    if len(shape) < 2:
        from ..errors import value_error
        raise value_error("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions")
    receptive = 1
    for s in shape[2:]:
        receptive *= s
    return shape[1] * receptive, shape[0] * receptive


def kaiming_uniform_bound(t: Tensor, a: float) -> float:
    """The bound of ``kaiming_uniform_(t, a, mode='fan_in', nonlinearity='leaky_relu')``."""
    fan_in, _ = fan_in_and_out(t)
    gain = math.sqrt(2.0 / (1 + a ** 2))
    std = gain / math.sqrt(fan_in)
    return math.sqrt(3.0) * std


def uniform_(t: Tensor, low: float, high: float) -> Tensor:
    # NOTE: placeholder until the generator lands: a fixed pattern in range.
    import numpy as np
    n = t.data.size
    u = (np.arange(n, dtype=np.float64) * 0.6180339887498949) % 1.0
    t.data[...] = (u * (high - low) + low).astype(t.data.dtype).reshape(t.data.shape)
    return t
