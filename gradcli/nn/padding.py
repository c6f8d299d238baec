"""Padding modules: ``nn.ZeroPad1d/2d``, ``nn.ConstantPad1d/2d``,
``nn.ReflectionPad1d/2d``, ``nn.ReplicationPad1d/2d`` and
``nn.CircularPad1d/2d``. Each forward is the ``F.pad`` call PyTorch's
module makes (so values and grad_fn names are F.pad's); each
``extra_repr`` is PyTorch's text."""
from __future__ import annotations

from ..errors import GradcliError, value_error
from ..ops.operands import type_name
from .conv import _ntuple
from .layers import functional
from .module import Module


class _PadNd(Module):
    """A padding module: ``padding`` as PyTorch's ``_pair``/``_quadruple``
    keeps it, and the F.pad mode it forwards to."""
    nd = 1
    mode = "constant"

    def __init__(self, padding):
        super().__init__()
        self.config["padding"] = _ntuple(padding, 2 * self.nd)

    def forward(self, input):
        return functional("pad")(input, self.config["padding"], self.mode)

    def extra_repr(self):
        return repr(self.config["padding"])


class _ConstantPadNd(_PadNd):
    def __init__(self, padding, value):
        Module.__init__(self)
        # NOTE: PyTorch sets ``value`` before ``padding``: both are plain attributes
        self.config["value"] = value
        self.config["padding"] = _ntuple(padding, 2 * self.nd)

    def forward(self, input):
        return functional("pad")(input, self.config["padding"], "constant", self.config["value"])

    def extra_repr(self):
        return f"padding={self.config['padding']!r}, value={self.config['value']!r}"


class _ZeroPadNd(_ConstantPadNd):
    def __init__(self, padding):
        super().__init__(padding, 0.0)

    def extra_repr(self):
        return repr(self.config["padding"])


class _CircularPadNd(_PadNd):
    mode = "circular"

    def forward(self, input):
        if not hasattr(input, "data") or not hasattr(input.data, "ndim"):
            raise GradcliError("AttributeError", f"'{type_name(input)}' object has no attribute 'dim'")
        nd = input.data.ndim
        if nd not in (self.nd + 1, self.nd + 2):
            raise value_error(f"expected {self.nd + 1}D or {self.nd + 2}D input (got {nd}D input)")
        return super().forward(input)


_KINDS = {"ZeroPad": _ZeroPadNd, "ConstantPad": _ConstantPadNd, "ReflectionPad": _PadNd,
          "ReplicationPad": _PadNd, "CircularPad": _CircularPadNd}
_MODES = {"ReflectionPad": "reflect", "ReplicationPad": "replicate", "CircularPad": "circular"}


def _pad_class(kind: str, nd: int):
    name = f"{kind}{nd}d"
    body = {"nd": nd, "display_name": name, "class_path": f"torch.nn.modules.padding.{name}"}
    if kind in _MODES:
        body["mode"] = _MODES[kind]
    return type(name, (_KINDS[kind],), body)


PAD_CLASSES = {f"{kind}{nd}d": _pad_class(kind, nd) for kind in _KINDS for nd in (1, 2)}
