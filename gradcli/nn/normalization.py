"""Normalisation modules: ``nn.LayerNorm``. Each forward is the
``torch.nn.functional`` call PyTorch's module makes; each ``extra_repr``
is PyTorch's text."""
from __future__ import annotations

import numpy as np

from ..engine.tensor import Tensor
from ..errors import GradcliError
from ..ops import nn_init
from .layers import _check_size, _float_dtype, functional
from .module import Module, register_parameter


def _shape_tuple(shape) -> tuple:
    """``normalized_shape`` as the module keeps it: an int as a 1-tuple."""
    if isinstance(shape, int) and not isinstance(shape, bool):
        return (shape,)
    if isinstance(shape, (list, tuple)):
        return tuple(shape)
    from ..ops.operands import type_name
    raise GradcliError("TypeError", f"'{type_name(shape)}' object is not iterable")


def _empty(shape: tuple, dt) -> Tensor:
    """``torch.empty(shape)`` with its checks, as a parameter's storage."""
    _check_size(shape)
    if any(s < 0 for s in shape):
        neg = min(shape)
        raise GradcliError("RuntimeError", f"Trying to create tensor with negative dimension {neg}: "
                           f"[{', '.join(str(s) for s in shape)}]")
    return Tensor(np.empty(shape, dtype=dt.np), True)


class LayerNorm(Module):
    display_name = "LayerNorm"
    class_path = "torch.nn.modules.normalization.LayerNorm"

    def __init__(self, normalized_shape, eps=1e-5, elementwise_affine=True, bias=True, device=None, dtype=None):
        super().__init__()
        shape = _shape_tuple(normalized_shape)
        self.config.update(normalized_shape=shape, eps=eps, elementwise_affine=elementwise_affine)
        dt = _float_dtype(dtype)
        if elementwise_affine:
            register_parameter(self, "weight", _empty(shape, dt))
            register_parameter(self, "bias", _empty(shape, dt) if bias else None)
        else:
            register_parameter(self, "weight", None)
            register_parameter(self, "bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        if self.config["elementwise_affine"]:
            nn_init.ones_(self.parameters_["weight"])
            if self.parameters_["bias"] is not None:
                nn_init.zeros_(self.parameters_["bias"])

    def forward(self, input):
        c = self.config
        return functional("layer_norm")(input, c["normalized_shape"], self.parameters_["weight"],
                                        self.parameters_["bias"], c["eps"])

    def extra_repr(self):
        c = self.config
        return (f"{c['normalized_shape']!r}, eps={c['eps']}, elementwise_affine={c['elementwise_affine']}, "
                f"bias={self.parameters_['bias'] is not None}")


NORM_CLASSES = {"LayerNorm": LayerNorm}
