"""``torch.nn.utils``: gradient clipping as training loops call it, with
PyTorch's arithmetic (per-tensor norms, the norm of those norms, a clip
coefficient ``max_norm / (total + 1e-6)`` clamped at 1, grads scaled in
place)."""
from __future__ import annotations

from collections.abc import Iterator

import math

from ..engine import autograd as AG
from ..engine.tensor import Tensor
from ..errors import runtime_error, type_error
from ..ops import arith
from ..ops.autograd_calls import inplace
from ..ops.create import tensor
from ..ops.join import stack
from ..ops.linalg import vector_norm
from ..ops.operands import type_name
from ..ops.pointwise import clamp
from .objects import ScriptObject


def _grads(parameters) -> list:
    if type(parameters) is Tensor:
        parameters = [parameters]
    elif isinstance(parameters, ScriptObject):
        parameters = parameters.items()
    elif isinstance(parameters, Iterator):    # a generator expression, zip, map... of the script
        parameters = list(parameters)
    elif not isinstance(parameters, (list, tuple)):
        raise type_error(f"parameters must be a Tensor or a list of Tensors, not {type_name(parameters)}")
    return [p._grad for p in parameters if type(p) is Tensor and p._grad is not None]


def _no_grad(fn):
    def run(*args, **kwargs):
        saved = AG.GRAD_MODE.enabled
        AG.GRAD_MODE.enabled = False
        try:
            return fn(*args, **kwargs)
        finally:
            AG.GRAD_MODE.enabled = saved
    run.__name__ = fn.__name__
    return run


@_no_grad
def clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    grads = _grads(parameters)
    norm_type = float(norm_type)
    if not grads:
        return tensor(0.0)
    total = vector_norm(stack([vector_norm(g, norm_type) for g in grads]), norm_type)
    value = float(total.data)
    if error_if_nonfinite and (math.isnan(value) or math.isinf(value)):
        raise runtime_error(f"The total norm of order {norm_type} for gradients from `parameters` is non-finite, "
                            "so it cannot be clipped. To disable this error and scale the gradients by the "
                            "non-finite norm anyway, set `error_if_nonfinite=False`")
    coef = clamp(arith.div(float(max_norm), arith.add(total, 1e-6)), max=1.0)
    for g in grads:
        inplace(g, lambda v: arith.mul(v, coef))
    return total


@_no_grad
def clip_grad_value_(parameters, clip_value, foreach=None):
    clip_value = float(clip_value)
    for g in _grads(parameters):
        inplace(g, lambda v: clamp(v, min=-clip_value, max=clip_value))


UTILS = {"clip_grad_norm_": clip_grad_norm_, "clip_grad_value_": clip_grad_value_}
