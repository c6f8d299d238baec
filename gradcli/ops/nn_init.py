"""``torch.nn.init``: PyTorch's weight initialisers with its fan and gain
computations, drawing from the same stream as ``torch.rand``/``randn``.

Plain functions over Tensors (``kaiming_uniform_(weight, a=math.sqrt(5))``,
``uniform_(bias, -bound, bound)`` are what ``nn.Linear`` uses); ``NN_INIT``
is the table scripts reach as ``torch.nn.init.X`` / ``nn.init.X``.
"""
from __future__ import annotations

import math

import numpy as np

from ..engine.autograd import GRAD_MODE
from ..engine.context import CONTEXT
from ..engine.tensor import Tensor
from ..errors import type_error, value_error
from . import random as R
from .operands import type_name

_LINEAR = ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
           "conv_transpose3d")


def calculate_gain(nonlinearity, param=None):
    if nonlinearity in _LINEAR or nonlinearity == "sigmoid":
        return 1
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            slope = 0.01
        elif isinstance(param, (int, float)) and not isinstance(param, bool):
            slope = param
        else:
            raise value_error(f"negative_slope {param} not a valid number")
        return math.sqrt(2.0 / (1 + slope ** 2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise value_error(f"Unsupported nonlinearity {nonlinearity}")


def fan_in_and_fan_out(tensor: Tensor) -> tuple:
    """(fan_in, fan_out): dims 1 and 0 times the receptive field (dims 2+)."""
    shape = _tensor(tensor).shape
    if len(shape) < 2:
        raise value_error("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions")
    receptive = 1
    for s in shape[2:]:
        receptive *= s
    return shape[1] * receptive, shape[0] * receptive


def _correct_fan(tensor, mode) -> int:
    mode = mode.lower() if isinstance(mode, str) else mode
    if mode not in ("fan_in", "fan_out"):
        raise value_error(f"Mode {mode} not supported, please use one of ['fan_in', 'fan_out']")
    fan_in, fan_out = fan_in_and_fan_out(tensor)
    return fan_in if mode == "fan_in" else fan_out


def _tensor(t) -> Tensor:
    if type(t) is not Tensor:
        raise type_error(f"expected a Tensor, got {type_name(t)}")
    return t


def _no_grad(fn, tensor, *args, **kwargs):
    saved = GRAD_MODE.enabled
    GRAD_MODE.enabled = False
    try:
        return fn(_tensor(tensor), *args, **kwargs)
    finally:
        GRAD_MODE.enabled = saved


def _empty(tensor) -> bool:
    if 0 in _tensor(tensor).shape:
        CONTEXT.warning("Initializing zero-element tensors is a no-op")
        return True
    return False


# ***** the initialisers *****

def uniform_(tensor, a=0.0, b=1.0, generator=None):
    return _no_grad(R.uniform_, tensor, a, b, generator=generator)


def normal_(tensor, mean=0.0, std=1.0, generator=None):
    return _no_grad(R.normal_, tensor, mean, std, generator=generator)


def constant_(tensor, val):
    return _no_grad(lambda t: _fill_value(t, val), tensor)


def _fill_value(t: Tensor, val):
    from .autograd_calls import check_inplace
    check_inplace(t)
    t.data[...] = val
    t.bump_version()
    return t


def zeros_(tensor):
    return constant_(tensor, 0)


def ones_(tensor):
    return constant_(tensor, 1)


def eye_(tensor):
    if _tensor(tensor).ndim != 2:
        raise value_error("Only tensors with 2 dimensions are supported")
    return _no_grad(lambda t: _fill_value(t, np.eye(*t.shape)), tensor)


def xavier_uniform_(tensor, gain=1.0, generator=None):
    fan_in, fan_out = fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    a = math.sqrt(3.0) * std
    return uniform_(tensor, -a, a, generator)


def xavier_normal_(tensor, gain=1.0, generator=None):
    fan_in, fan_out = fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    return normal_(tensor, 0.0, std, generator)


def kaiming_uniform_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    if _empty(tensor):
        return tensor
    std = calculate_gain(nonlinearity, a) / math.sqrt(_correct_fan(tensor, mode))
    bound = math.sqrt(3.0) * std
    return uniform_(tensor, -bound, bound, generator)


def kaiming_normal_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    if _empty(tensor):
        return tensor
    std = calculate_gain(nonlinearity, a) / math.sqrt(_correct_fan(tensor, mode))
    return normal_(tensor, 0, std, generator)


NN_INIT = {
    "calculate_gain": calculate_gain, "uniform_": uniform_, "normal_": normal_, "constant_": constant_,
    "zeros_": zeros_, "ones_": ones_, "eye_": eye_, "xavier_uniform_": xavier_uniform_, "xavier_normal_": xavier_normal_,
    "kaiming_uniform_": kaiming_uniform_, "kaiming_normal_": kaiming_normal_,
    "_calculate_fan_in_and_fan_out": fan_in_and_fan_out,
}
