"""``torch.nn.utils``: gradient clipping as training loops call it, with
PyTorch's arithmetic (per-tensor norms, the norm of those norms, a clip
coefficient ``max_norm / (total + 1e-6)`` clamped at 1, grads scaled in
place)."""
from __future__ import annotations

import math

from ..engine import autograd as AG
from ..engine.tensor import Tensor
from ..errors import runtime_error, type_error
from ..ops import arith
from ..ops.autograd_calls import inplace
from ..ops.create import tensor
from ..ops.join import cat, stack
from ..ops.linalg import vector_norm
from ..ops.operands import type_name
from ..ops.pointwise import clamp
from .objects import listed


def _tensors(parameters) -> list:
    """The tensors of a parameters argument: one tensor, a list or tuple, a generator."""
    if type(parameters) is Tensor:
        return [parameters]
    params = listed(parameters)
    if params is None:
        raise type_error(f"parameters must be a Tensor or a list of Tensors, not {type_name(parameters)}")
    return params


def parameters_to_vector(parameters):
    """The parameters flattened and joined into one vector (CatBackward0)."""
    from ..ops.shape import view
    params = _tensors(parameters)
    for p in params:
        if type(p) is not Tensor:
            raise type_error(f"expected torch.Tensor, but got: {type_name(p)}")
    return cat([view(p, -1) for p in params])


def vector_to_parameters(vec, parameters):
    """Each parameter's data made a view of its slice of ``vec``."""
    if type(vec) is not Tensor:
        raise type_error(f"expected torch.Tensor, but got: {type_name(vec)}")
    pointer = 0
    for p in _tensors(parameters):
        n = p.data.size
        if pointer + n > vec.data.size:
            raise runtime_error(f"shape '{list(p.shape)}' is invalid for input of size {max(0, vec.data.size - pointer)}")
        p.data = vec.data[pointer:pointer + n].reshape(p.shape)
        pointer += n


def _grads(parameters) -> list:
    return [p._grad for p in _tensors(parameters) if type(p) is Tensor and p._grad is not None]


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
    # NOTE: max_norm / (total + 1e-6) in Python is Tensor.__rdiv__: the
    # reciprocal times max_norm (two roundings, not one division)
    coef = clamp(arith.mul(arith.reciprocal(arith.add(total, 1e-6)), float(max_norm)), max=1.0)
    for g in grads:
        inplace(g, lambda v: arith.mul(v, coef))
    return total


@_no_grad
def clip_grad_value_(parameters, clip_value, foreach=None):
    clip_value = float(clip_value)
    for g in _grads(parameters):
        inplace(g, lambda v: clamp(v, min=-clip_value, max=clip_value))


UTILS = {"clip_grad_norm_": clip_grad_norm_, "clip_grad_value_": clip_grad_value_,
         "parameters_to_vector": parameters_to_vector, "vector_to_parameters": vector_to_parameters}
