"""``nn.Parameter``: a leaf tensor that modules register and optimizers update.

A parameter is an ordinary engine Tensor marked in a weak set, so every
fast path that checks ``type(x) is Tensor`` treats it as a tensor, and ops
on it return plain tensors, as PyTorch's do. Only printing (``Parameter
containing:``) and ``type()``/``isinstance`` tell it apart.
"""
from __future__ import annotations

import weakref

import numpy as np

from ..engine import dtypes as D
from ..engine.tensor import Tensor
from ..errors import runtime_error, type_error
from ..ops.operands import type_name

CLASS_PATH = "torch.nn.parameter.Parameter"

_PARAMETERS: "weakref.WeakSet[Tensor]" = weakref.WeakSet()


def is_parameter(value) -> bool:
    return type(value) is Tensor and value in _PARAMETERS


def mark_parameter(t: Tensor) -> Tensor:
    _PARAMETERS.add(t)
    return t


def Parameter(data=None, requires_grad=True):
    """``nn.Parameter(data, requires_grad=True)``: shares ``data``'s storage."""
    if data is None:
        data = Tensor(np.empty((0,), dtype=D.DEFAULT_FLOAT.np))
    if type(data) is not Tensor:
        raise type_error(f"Parameter(): argument 'data' must be Tensor, not {type_name(data)}")
    requires_grad = bool(requires_grad)
    if requires_grad and data.data.dtype.kind not in "fc":
        raise runtime_error("Only Tensors of floating point and complex dtype can require gradients")
    return mark_parameter(Tensor(data.data, requires_grad, None, data._version))


def parameter_type_name(t: Tensor) -> str:
    """'torch.FloatTensor': how PyTorch names a tensor's type in messages."""
    return f"torch.{t.dtype.torch_type}"
