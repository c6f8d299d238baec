"""``torch.nn.init`` as the layers' ``reset_parameters`` use it: PyTorch's
initialisers from ``ops/nn_init.py`` (drawing from the script's generator,
weight first, then bias) and the bound ``kaiming_uniform_(w, a)`` draws in."""
from __future__ import annotations

import math

from ..engine.tensor import Tensor
from ..ops.nn_init import calculate_gain, fan_in_and_fan_out, uniform_  # noqa: F401 (used by layers)

fan_in_and_out = fan_in_and_fan_out


def kaiming_uniform_bound(t: Tensor, a: float) -> float:
    """The bound of ``kaiming_uniform_(t, a, mode='fan_in', nonlinearity='leaky_relu')``."""
    fan_in, _ = fan_in_and_fan_out(t)
    return math.sqrt(3.0) * (calculate_gain("leaky_relu", a) / math.sqrt(fan_in))
