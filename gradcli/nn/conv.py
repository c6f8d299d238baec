"""``nn.Conv1d``/``2d``/``3d`` and ``nn.ConvTranspose1d``/``2d``/``3d``:
PyTorch's ``_ConvNd`` (its checks, parameters, initialisation in its order
of draws, repr), whose forward is ``F.conv{n}d`` (after ``F.pad`` for a
padding mode other than zeros) or ``F.conv_transpose{n}d``."""
from __future__ import annotations

import math

import numpy as np

from ..engine.tensor import Tensor
from ..errors import value_error
from ..ops import nn_init
from .layers import _check_size, _float_dtype, functional
from .module import Module, register_parameter

_PADDING_STRINGS = "{'valid', 'same'}"
_PADDING_MODES = "{'zeros', 'reflect', 'replicate', 'circular'}"


def _ntuple(v, n) -> tuple:
    """PyTorch's ``_pair``/``_single``/``_triple``: a sequence as a tuple, anything else repeated."""
    return tuple(v) if isinstance(v, (list, tuple)) else (v,) * n


class _ConvNd(Module):
    nd = 2
    transposed = False

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1,
                 bias=True, padding_mode="zeros", device=None, dtype=None, output_padding=0):
        super().__init__()
        nd = self.nd
        kernel_size, stride, dilation, output_padding = (_ntuple(v, nd) for v in
                                                         (kernel_size, stride, dilation, output_padding))
        # NOTE: PyTorch's transposed modules read a padding string as a sequence of letters
        padding = padding if isinstance(padding, str) and not self.transposed else _ntuple(padding, nd)
        if groups <= 0:
            raise value_error("groups must be a positive integer")
        if in_channels % groups != 0:
            raise value_error("in_channels must be divisible by groups")
        if out_channels % groups != 0:
            raise value_error("out_channels must be divisible by groups")
        if isinstance(padding, str):
            if padding not in ("same", "valid"):
                raise value_error(f"Invalid padding string {padding!r}, should be one of {_PADDING_STRINGS}")
            if padding == "same" and any(s != 1 for s in stride):
                raise value_error("padding='same' is not supported for strided convolutions")
        if self.transposed and padding_mode != "zeros":
            raise value_error(f'Only "zeros" padding mode is supported for {self.display_name}')
        if padding_mode not in ("zeros", "reflect", "replicate", "circular"):
            raise value_error(f"padding_mode must be one of {_PADDING_MODES}, but got padding_mode='{padding_mode}'")
        self.config.update(in_channels=in_channels, out_channels=out_channels, kernel_size=kernel_size,
                           stride=stride, padding=padding, dilation=dilation, transposed=self.transposed,
                           output_padding=output_padding, groups=groups, padding_mode=padding_mode)
        self._edge_pad = self._reversed_padding(padding, kernel_size, dilation)
        dt = _float_dtype(dtype)
        shape = ((in_channels, out_channels // groups) if self.transposed
                 else (out_channels, in_channels // groups)) + kernel_size
        _check_size(shape)
        register_parameter(self, "weight", Tensor(np.empty(shape, dtype=dt.np), True))
        register_parameter(self, "bias", Tensor(np.empty((out_channels,), dtype=dt.np), True) if bias else None)
        self.reset_parameters()

    @staticmethod
    def _reversed_padding(padding, kernel_size, dilation) -> list:
        """``_reversed_padding_repeated_twice``: F.pad's list (last dim first)."""
        if not isinstance(padding, str):
            return [p for p in reversed(padding) for _ in range(2)]
        pad = [0, 0] * len(kernel_size)
        if padding == "same":
            for i, (d, k) in enumerate(zip(dilation, kernel_size)):
                total = d * (k - 1)
                j = len(kernel_size) - 1 - i
                pad[2 * j], pad[2 * j + 1] = total // 2, total - total // 2
        return pad

    def reset_parameters(self):
        weight, bias = self.parameters_["weight"], self.parameters_["bias"]
        # NOTE: PyTorch's: kaiming_uniform_(weight, a=sqrt(5)), then the bias
        # uniform in ±1/sqrt(fan_in) — drawn in that order
        nn_init.kaiming_uniform_(weight, a=math.sqrt(5))
        if bias is not None:
            fan_in, _ = nn_init.fan_in_and_fan_out(weight)
            if fan_in != 0:
                bound = 1 / math.sqrt(fan_in)
                nn_init.uniform_(bias, -bound, bound)

    def forward(self, input):
        c = self.config
        conv = functional(f"conv{self.nd}d")
        weight, bias = self.parameters_["weight"], self.parameters_["bias"]
        if c["padding_mode"] != "zeros":
            padded = functional("pad")(input, self._edge_pad, mode=c["padding_mode"])
            return conv(padded, weight, bias, c["stride"], (0,) * self.nd, c["dilation"], c["groups"])
        return conv(input, weight, bias, c["stride"], c["padding"], c["dilation"], c["groups"])

    def extra_repr(self):
        c = self.config
        nd = self.nd
        text = f"{c['in_channels']}, {c['out_channels']}, kernel_size={c['kernel_size']}, stride={c['stride']}"
        if c["padding"] != (0,) * nd:
            text += f", padding={c['padding']}"
        if c["dilation"] != (1,) * nd:
            text += f", dilation={c['dilation']}"
        if c["output_padding"] != (0,) * nd:
            text += f", output_padding={c['output_padding']}"
        if c["groups"] != 1:
            text += f", groups={c['groups']}"
        if self.parameters_.get("bias") is None:
            text += ", bias=False"
        if c["padding_mode"] != "zeros":
            text += f", padding_mode={c['padding_mode']}"
        return text


class _ConvTransposeNd(_ConvNd):
    transposed = True

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1,
                 bias=True, dilation=1, padding_mode="zeros", device=None, dtype=None):
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias,
                         padding_mode, device, dtype, output_padding)

    def forward(self, input, output_size=None):
        c = self.config
        output_padding = self._output_padding(input, output_size)
        return functional(f"conv_transpose{self.nd}d")(
            input, self.parameters_["weight"], self.parameters_["bias"], c["stride"], c["padding"], output_padding,
            c["groups"], c["dilation"])

    def _output_padding(self, input, output_size):
        """PyTorch's ``_output_padding``: the output padding that makes the
        output ``output_size`` (its spatial sizes, or all of them)."""
        c, nd = self.config, self.nd
        if output_size is None:
            return c["output_padding"]
        output_size = list(output_size)
        lead = 2 if input.ndim == nd + 2 else 1
        if len(output_size) == lead + nd:
            output_size = output_size[lead:]
        if len(output_size) != nd:
            raise value_error(f"ConvTranspose{nd}D: for {input.ndim}D input, output_size must have {nd} or "
                              f"{lead + nd} elements (got {len(output_size)})")
        low = [(input.shape[d + lead] - 1) * c["stride"][d] - 2 * c["padding"][d]
               + c["dilation"][d] * (c["kernel_size"][d] - 1) + 1 for d in range(nd)]
        high = [lo + s - 1 for lo, s in zip(low, c["stride"])]
        for size, lo, hi in zip(output_size, low, high):
            if size < lo or size > hi:
                spatial = ", ".join(str(s) for s in input.shape[2:])
                raise value_error(f"requested an output size of {output_size}, but valid sizes range from {low} to "
                                  f"{high} (for an input of torch.Size([{spatial}]))")
        return [size - lo for size, lo in zip(output_size, low)]


def _conv_class(name, base, nd):
    return type(name, (base,), {"nd": nd, "display_name": name, "class_path": f"torch.nn.modules.conv.{name}"})


CONV_CLASSES = {f"Conv{nd}d": _conv_class(f"Conv{nd}d", _ConvNd, nd) for nd in (1, 2, 3)}
CONV_CLASSES.update({f"ConvTranspose{nd}d": _conv_class(f"ConvTranspose{nd}d", _ConvTransposeNd, nd)
                     for nd in (1, 2, 3)})
