"""PyTorch-compatible text rendering of tensors, byte for byte.

This module owns the textual form of tensors shown to users: it reproduces
``repr(t)`` / ``print(t)`` of PyTorch 2.13 for strided CPU tensors, using only
numpy and the standard library.  It is a port of ``torch/_tensor_str.py`` with
the default print options (precision 4, threshold 1000, edgeitems 3,
linewidth 80, automatic sci_mode):

* ``format_tensor(arr, dtype, suffixes)`` -- the full ``tensor(...)`` text,
  including the ``dtype=torch.xxx`` / ``size=(...)`` items torch adds itself
  and the caller's extra items (``requires_grad=True``, ``grad_fn=<...>``),
  wrapped onto new lines exactly as torch's ``_add_suffixes`` does;
* ``format_size(shape)`` -- ``torch.Size([2, 2])``;
* ``format_dtype(name)`` -- ``torch.float32``.

Floating elements are formatted the way torch does it: each element is turned
into a Python float (an exact widening of float16/float32 to double) and fed
to ``'{:.4f}'`` / ``'{:.4e}'`` / ``'{:.0f}'``; the sci-mode decision is made in
double precision over the nonzero finite absolute values.  Recursion depth is
bounded by ``ndim``, never by the number of elements.
"""

from __future__ import annotations

import math
from typing import Iterable, List, Sequence

import numpy as np

__all__ = ["format_tensor", "format_size", "format_dtype", "DTYPES"]

# Default print options of torch (torch._tensor_str.PRINT_OPTS).
PRECISION = 4
THRESHOLD = 1000
EDGEITEMS = 3
LINEWIDTH = 80

# gradcli dtype name -> numpy dtype.
DTYPES = {
    "float32": np.float32,
    "float64": np.float64,
    "float16": np.float16,
    "int64": np.int64,
    "int32": np.int32,
    "int16": np.int16,
    "int8": np.int8,
    "uint8": np.uint8,
    "bool": np.bool_,
}
_FLOATING = frozenset({"float32", "float64", "float16"})
# torch never prints these (default float dtype, int64, bool) for non-empty tensors.
_DEFAULT_DTYPES = frozenset({"float32", "int64", "bool"})

_PREFIX = "tensor("


def _canonical(dtype: str) -> str:
    name = str(dtype)
    if name.startswith("torch."):
        name = name[len("torch."):]
    if name not in DTYPES:
        raise ValueError(f"unsupported dtype for printing: {dtype!r}")
    return name


def format_dtype(name: str) -> str:
    """``"float32"`` -> ``"torch.float32"`` (as ``str(torch.float32)``)."""
    return "torch." + _canonical(name)


def format_size(shape: Iterable[int]) -> str:
    """``(2, 2)`` -> ``"torch.Size([2, 2])"`` (as ``str(t.shape)``)."""
    return "torch.Size([" + ", ".join(str(int(d)) for d in shape) + "])"


# --------------------------------------------------------------------------
# element formatter (torch._tensor_str._Formatter)
# --------------------------------------------------------------------------


class _Formatter:
    """Decides width / int_mode / sci_mode from the values that will be shown."""

    def __init__(self, values: list, floating: bool):
        self.floating = floating
        self.int_mode = True
        self.sci_mode = False
        self.max_width = 1

        if not floating:
            for v in values:
                self.max_width = max(self.max_width, len(f"{v}"))
            return

        nz = [v for v in values if v != 0 and math.isfinite(v)]
        if not nz:
            return
        absvals = [abs(v) for v in nz]
        vmin = min(absvals)
        vmax = max(absvals)
        for v in nz:
            if v != math.ceil(v):
                self.int_mode = False
                break
        self.sci_mode = vmax / vmin > 1000.0 or vmax > 1.0e8 or vmin < 1.0e-4

        if self.sci_mode:
            spec = f"{{:.{PRECISION}e}}"
            for v in nz:
                self.max_width = max(self.max_width, len(spec.format(v)))
        elif self.int_mode:
            for v in nz:
                self.max_width = max(self.max_width, len(f"{v:.0f}") + 1)
        else:
            spec = f"{{:.{PRECISION}f}}"
            for v in nz:
                self.max_width = max(self.max_width, len(spec.format(v)))

    def width(self) -> int:
        return self.max_width

    def format(self, value) -> str:
        if self.floating:
            if self.sci_mode:
                ret = f"{{:{self.max_width}.{PRECISION}e}}".format(value)
            elif self.int_mode:
                ret = f"{value:.0f}"
                if not (math.isinf(value) or math.isnan(value)):
                    ret += "."
            else:
                ret = f"{{:.{PRECISION}f}}".format(value)
        else:
            ret = f"{value}"
        return (self.max_width - len(ret)) * " " + ret


def _summarized_values(a: np.ndarray) -> list:
    """Flat Python values of the elements a summarised print shows
    (torch._tensor_str.get_summarized_data)."""
    if a.ndim == 0:
        return [a.item()]
    if a.ndim == 1:
        if a.shape[0] > 2 * EDGEITEMS:
            return a[:EDGEITEMS].tolist() + a[-EDGEITEMS:].tolist()
        return a.tolist()
    n = a.shape[0]
    if n > 2 * EDGEITEMS:
        idx = list(range(EDGEITEMS)) + list(range(n - EDGEITEMS, n))
    else:
        idx = range(n)
    out: list = []
    for i in idx:
        out.extend(_summarized_values(a[i]))
    return out


# --------------------------------------------------------------------------
# layout (torch._tensor_str._vector_str / _tensor_str_with_formatter)
# --------------------------------------------------------------------------


def _vector_str(a: np.ndarray, indent: int, summarize: bool, fmt: _Formatter) -> str:
    element_length = fmt.width() + 2
    elements_per_line = max(1, math.floor((LINEWIDTH - indent) / element_length))

    if summarize and a.shape[0] > 2 * EDGEITEMS:
        data = (
            [fmt.format(v) for v in a[:EDGEITEMS].tolist()]
            + [" ..."]
            + [fmt.format(v) for v in a[-EDGEITEMS:].tolist()]
        )
    else:
        data = [fmt.format(v) for v in a.tolist()]

    lines = [
        ", ".join(data[i : i + elements_per_line])
        for i in range(0, len(data), elements_per_line)
    ]
    return "[" + ("," + "\n" + " " * (indent + 1)).join(lines) + "]"


def _tensor_str_with_formatter(
    a: np.ndarray, indent: int, summarize: bool, fmt: _Formatter
) -> str:
    dim = a.ndim
    if dim == 0:
        return fmt.format(a.item())
    if dim == 1:
        return _vector_str(a, indent, summarize, fmt)

    n = a.shape[0]
    if summarize and n > 2 * EDGEITEMS:
        slices = (
            [_tensor_str_with_formatter(a[i], indent + 1, summarize, fmt) for i in range(EDGEITEMS)]
            + ["..."]
            + [
                _tensor_str_with_formatter(a[i], indent + 1, summarize, fmt)
                for i in range(n - EDGEITEMS, n)
            ]
        )
    else:
        slices = [_tensor_str_with_formatter(a[i], indent + 1, summarize, fmt) for i in range(n)]

    return "[" + ("," + "\n" * (dim - 1) + " " * (indent + 1)).join(slices) + "]"


def _tensor_str(a: np.ndarray, indent: int, floating: bool) -> str:
    if a.size == 0:
        return "[]"
    summarize = a.size > THRESHOLD
    values = _summarized_values(a) if summarize else a.reshape(-1).tolist()
    fmt = _Formatter(values, floating)
    return _tensor_str_with_formatter(a, indent, summarize, fmt)


def _add_suffixes(tensor_str: str, suffixes: Sequence[str], indent: int) -> str:
    # Deliberately identical to torch, including its "+ 1" line-length quirk.
    parts = [tensor_str]
    last_line_len = len(tensor_str) - tensor_str.rfind("\n") + 1
    for suffix in suffixes:
        if last_line_len + len(suffix) + 2 > LINEWIDTH:
            parts.append(",\n" + " " * indent + suffix)
            last_line_len = indent + len(suffix)
        else:
            parts.append(", " + suffix)
            last_line_len += len(suffix) + 2
    parts.append(")")
    return "".join(parts)


# --------------------------------------------------------------------------
# public entry point
# --------------------------------------------------------------------------


def format_tensor(arr: np.ndarray, dtype: str, suffixes: Sequence[str] = ()) -> str:
    """Return ``repr(t)`` of a CPU torch tensor with ``arr``'s values and shape.

    ``dtype`` is the torch dtype name ("float32", "float64", "int64", "int32",
    "bool", "float16", "int16", "int8", "uint8").  ``suffixes`` are extra,
    already formatted items such as ``"requires_grad=True"`` or
    ``"grad_fn=<AddBackward0>"``; they go after the ``size=``/``dtype=`` items
    torch adds on its own.
    """
    name = _canonical(dtype)
    a = np.asarray(arr)
    if a.dtype != DTYPES[name]:
        a = a.astype(DTYPES[name])
    floating = name in _FLOATING
    indent = len(_PREFIX)

    auto: List[str] = []
    if a.size == 0:
        if a.ndim != 1:
            auto.append("size=" + str(tuple(int(d) for d in a.shape)))
        if name != "float32":
            auto.append("dtype=" + format_dtype(name))
        body = "[]"
    else:
        if name not in _DEFAULT_DTYPES:
            auto.append("dtype=" + format_dtype(name))
        body = _tensor_str(a, indent, floating)

    return _add_suffixes(_PREFIX + body, auto + list(suffixes), indent)
