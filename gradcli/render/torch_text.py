"""PyTorch-compatible text rendering of tensors, byte for byte.

This module owns the textual form of tensors shown to users: it reproduces
``repr(t)`` / ``print(t)`` of PyTorch 2.13 for strided CPU tensors, using only
numpy and the standard library.  It is a port of ``torch/_tensor_str.py``, with
its print options (``PRINT_OPTS``: by default precision 4, threshold 1000,
edgeitems 3, linewidth 80, automatic sci_mode; a script changes them with
``torch.set_printoptions``, and each run starts from the defaults):

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

from ..engine import dtypes

__all__ = ["format_tensor", "format_size", "format_dtype", "element_texts", "DTYPES", "set_printoptions"]


class PrintOptions:
    """torch._tensor_str.PRINT_OPTS: what ``torch.set_printoptions`` sets."""
    __slots__ = ("precision", "threshold", "edgeitems", "linewidth", "sci_mode")

    def __init__(self):
        self.precision, self.threshold, self.edgeitems, self.linewidth = 4, 1000, 3, 80
        self.sci_mode = None            # None: chosen from the values


PRINT_OPTS = PrintOptions()
_PROFILES = {"default": (4, 1000, 3, 80), "short": (2, 1000, 2, 80), "full": (4, math.inf, 3, 80)}


def reset_print_options() -> None:
    """The defaults, as a fresh PyTorch process has them."""
    PRINT_OPTS.__init__()


def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None, profile=None,
                     sci_mode=None) -> None:
    """``torch.set_printoptions``, PyTorch's logic: a known ``profile`` first
    (others are ignored), then each option given; ``sci_mode`` is always set
    (None: automatic). The caller checks the values' types."""
    if profile in _PROFILES:
        PRINT_OPTS.precision, PRINT_OPTS.threshold, PRINT_OPTS.edgeitems, PRINT_OPTS.linewidth = _PROFILES[profile]
    if precision is not None:
        PRINT_OPTS.precision = precision
    if threshold is not None:
        PRINT_OPTS.threshold = threshold
    if edgeitems is not None:
        PRINT_OPTS.edgeitems = edgeitems
    if linewidth is not None:
        PRINT_OPTS.linewidth = linewidth
    PRINT_OPTS.sci_mode = sci_mode


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
_DEFAULT_DTYPES = frozenset({"int64", "bool"})     # and the default float dtype

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
        if PRINT_OPTS.sci_mode is None:
            self.sci_mode = vmax / vmin > 1000.0 or vmax > 1.0e8 or vmin < 1.0e-4
        else:
            self.sci_mode = PRINT_OPTS.sci_mode
        precision = PRINT_OPTS.precision

        if self.sci_mode:
            spec = f"{{:.{precision}e}}"
            for v in nz:
                self.max_width = max(self.max_width, len(spec.format(v)))
        elif self.int_mode:
            for v in nz:
                self.max_width = max(self.max_width, len(f"{v:.0f}") + 1)
        else:
            spec = f"{{:.{precision}f}}"
            for v in nz:
                self.max_width = max(self.max_width, len(spec.format(v)))

    def width(self) -> int:
        return self.max_width

    def format(self, value) -> str:
        if self.floating:
            if self.sci_mode:
                ret = f"{{:{self.max_width}.{PRINT_OPTS.precision}e}}".format(value)
            elif self.int_mode:
                ret = f"{value:.0f}"
                if not (math.isinf(value) or math.isnan(value)):
                    ret += "."
            else:
                ret = f"{{:.{PRINT_OPTS.precision}f}}".format(value)
        else:
            ret = f"{value}"
        return (self.max_width - len(ret)) * " " + ret


def _summarized_values(a: np.ndarray) -> list:
    """Flat Python values of the elements a summarised print shows
    (torch._tensor_str.get_summarized_data)."""
    edge = PRINT_OPTS.edgeitems
    if a.ndim == 0:
        return [a.item()]
    if a.ndim == 1:
        if a.shape[0] > 2 * edge:
            return a[:edge].tolist() + a[a.shape[0] - edge:].tolist()
        return a.tolist()
    if not edge:
        return []
    n = a.shape[0]
    if n > 2 * edge:
        idx = list(range(edge)) + list(range(n - edge, n))
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
    elements_per_line = max(1, math.floor((PRINT_OPTS.linewidth - indent) / element_length))
    edge = PRINT_OPTS.edgeitems

    if summarize and not edge:
        data = ["..."]
    elif summarize and a.shape[0] > 2 * edge:
        data = (
            [fmt.format(v) for v in a[:edge].tolist()]
            + [" ..."]
            + [fmt.format(v) for v in a[a.shape[0] - edge:].tolist()]
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
    edge = PRINT_OPTS.edgeitems
    if summarize and n > 2 * edge:
        slices = (
            [_tensor_str_with_formatter(a[i], indent + 1, summarize, fmt) for i in range(edge)]
            + ["..."]
            + [
                _tensor_str_with_formatter(a[i], indent + 1, summarize, fmt)
                for i in range(n - edge, n)
            ]
        )
    else:
        slices = [_tensor_str_with_formatter(a[i], indent + 1, summarize, fmt) for i in range(n)]

    return "[" + ("," + "\n" * (dim - 1) + " " * (indent + 1)).join(slices) + "]"


def _tensor_str(a: np.ndarray, indent: int, floating: bool) -> str:
    if a.size == 0:
        return "[]"
    summarize = a.size > PRINT_OPTS.threshold
    values = _summarized_values(a) if summarize else a.reshape(-1).tolist()
    fmt = _Formatter(values, floating)
    return _tensor_str_with_formatter(a, indent, summarize, fmt)


def element_texts(arr: np.ndarray) -> List[str]:
    """Each element of ``arr`` as PyTorch prints it among all of them (one
    formatter, the current precision and sci_mode), never summarised: for
    views that lay the elements out themselves."""
    a = np.asarray(arr)
    name = _canonical(a.dtype.name)
    values = a.reshape(-1).tolist()
    fmt = _Formatter(values, name in _FLOATING)
    return [fmt.format(v).strip() for v in values]


def _add_suffixes(tensor_str: str, suffixes: Sequence[str], indent: int) -> str:
    # Deliberately identical to torch, including its "+ 1" line-length quirk.
    parts = [tensor_str]
    last_line_len = len(tensor_str) - tensor_str.rfind("\n") + 1
    for suffix in suffixes:
        if last_line_len + len(suffix) + 2 > PRINT_OPTS.linewidth:
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

    default = dtypes.DEFAULT_FLOAT.name
    auto: List[str] = []
    if a.size == 0:
        if a.ndim != 1:
            auto.append("size=" + str(tuple(int(d) for d in a.shape)))
        if name != default:
            auto.append("dtype=" + format_dtype(name))
        body = "[]"
    else:
        if not PRINT_OPTS.edgeitems:
            auto.append("size=" + str(tuple(int(d) for d in a.shape)))
        if name != default and name not in _DEFAULT_DTYPES:
            auto.append("dtype=" + format_dtype(name))
        body = _tensor_str(a, indent, floating)

    return _add_suffixes(_PREFIX + body, auto + list(suffixes), indent)
