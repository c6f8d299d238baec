"""``template % values``: CPython's ``PyUnicode_Format``, step for step, so
every template gives Python's text and Python's errors in Python's order
(a value is taken before its conversion character is checked, a template
cut short is "incomplete format", ...).

Safety: a ``%(key)s`` field looks its key up only as the script's own
subscript does (``mapping[key]``: a dict's item); values reach Python's
``%`` only once turned into plain ints, floats and strings, under a
template built here from the flags, width and precision parsed here.
"""
from __future__ import annotations

import operator
import sys

import numpy as np

from ..engine.tensor import Tensor
from ..errors import GradcliError, type_error, value_error
from ..nn.objects import ScriptObject
from ..ops.create import NumpyArray
from .formatting import MAX_WIDTH, ascii_text, check_length, text_of

_FLAGS = "-+ #0"
_INT_MAX = 2**31 - 1
_NOT_ALL = "not all arguments converted during string formatting"


def is_mapping(v) -> bool:
    """Python's ``PyMapping_Check``: a subscriptable value (``%`` reads its
    ``%(key)`` fields from one that is not a tuple or a string)."""
    if isinstance(v, (dict, list, range, Tensor, NumpyArray, np.generic)):
        return True
    return isinstance(v, ScriptObject) and type(v).getitem is not ScriptObject.getitem


def percent_format(template: str, args) -> str:
    """``template % args``: the values of a tuple in order, or one value; a
    mapping's items by ``%(key)``."""
    from .runtime import subscript
    values = _Values(args)
    mapping = args if not isinstance(args, (tuple, str)) and is_mapping(args) else None
    reader = _Reader(template)
    out = []
    while not reader.done():
        out.append(reader.literal())
        if reader.done():
            break
        reader.pos += 1                     # the '%'
        if reader.peek() == "%":
            reader.pos += 1
            out.append("%")
            continue
        if reader.peek() == "(":
            if mapping is None:
                raise type_error("format requires a mapping")
            values.use(subscript(mapping, reader.key()))
        spec = reader.spec(values)
        out.append(_format_one(spec, reader.pos - 1, values.next()))
        check_length(out)
        if mapping is not None and values.left():
            raise type_error(_NOT_ALL)
    if mapping is None and values.left():
        raise type_error(_NOT_ALL)
    return "".join(out)


class _Values:
    """The values still to format: a tuple's items in order, or one value."""

    def __init__(self, args):
        self.use(args)

    def use(self, args):
        self.args = args
        self.count, self.at = (len(args), 0) if isinstance(args, tuple) else (-1, -2)

    def left(self) -> bool:
        return self.at < self.count

    def next(self):
        if self.at >= self.count:
            raise type_error("not enough arguments for format string")
        self.at += 1
        return self.args if self.count < 0 else self.args[self.at - 1]


class _Spec:
    __slots__ = ("flags", "width", "prec", "conv")

    def __init__(self):
        self.flags, self.width, self.prec, self.conv = "", -1, -1, ""

    def template(self, conv: str) -> str:
        return "%" + self.flags + (str(self.width) if self.width >= 0 else "") + \
            (f".{self.prec}" if self.prec >= 0 else "") + conv


class _Reader:
    """A cursor over the template, reading a field as CPython does: each
    step takes the next character, or marks the template cut short."""

    def __init__(self, text: str):
        self.text, self.pos, self.ch, self.cut = text, 0, "", False

    def done(self) -> bool:
        return self.pos >= len(self.text)

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def literal(self) -> str:
        start = self.pos
        j = self.text.find("%", start)
        self.pos = len(self.text) if j < 0 else j
        return self.text[start:self.pos]

    def step(self) -> bool:
        if self.pos < len(self.text):
            self.ch = self.text[self.pos]
            self.pos += 1
            return True
        self.cut = True
        return False

    def key(self) -> str:
        """``(name)``, parentheses balanced: the name."""
        self.pos += 1
        start, depth = self.pos, 1
        while depth and self.step():
            depth += (self.ch == "(") - (self.ch == ")")
        if depth:
            raise value_error("incomplete format key")
        return self.text[start:self.pos - 1]

    def spec(self, values: _Values) -> _Spec:
        """Flags, width, precision (``*``: the next value), a length
        modifier (skipped) and the conversion character."""
        spec = _Spec()
        while self.step() and self.ch in _FLAGS:
            if self.ch not in spec.flags:
                spec.flags += self.ch
        if not self.cut and self.ch == "*":
            spec.width = _star(values.next())
            if spec.width < 0:
                spec.flags += "" if "-" in spec.flags else "-"
                spec.width = -spec.width
            self.step()
        elif not self.cut and "0" <= self.ch <= "9":
            spec.width = self.number(sys.maxsize, "width too big")
        if not self.cut and self.ch == ".":
            spec.prec = 0
            self.step()
            if not self.cut and self.ch == "*":
                spec.prec = _star(values.next())
                if spec.prec > _INT_MAX or spec.prec < -_INT_MAX - 1:
                    raise GradcliError("OverflowError", "Python int too large to convert to C int")
                spec.prec = max(spec.prec, 0)
                self.step()
            elif not self.cut and "0" <= self.ch <= "9":
                spec.prec = self.number(_INT_MAX, "precision too big")
        if not self.cut and self.ch in "hlL":
            self.step()
        if self.cut:
            raise value_error("incomplete format")
        spec.conv = self.ch
        return spec

    def number(self, limit: int, too_big: str) -> int:
        """The digits from ``ch`` on; ``ch`` is left at the character after them."""
        n = int(self.ch)
        while self.step() and "0" <= self.ch <= "9":
            if n > (limit - int(self.ch)) // 10:
                raise value_error(too_big)
            n = n * 10 + int(self.ch)
        return n


def _star(v) -> int:
    if type(v) not in (int, bool):
        raise type_error("* wants int")
    return int(v)


def _format_one(spec: _Spec, index: int, v) -> str:
    conv = spec.conv
    if conv in ("s", "r", "a"):
        text = text_of(v, conv == "s")
        return _render(spec, "s", ascii_text(text) if conv == "a" else text)
    if conv in ("i", "d", "u", "o", "x", "X"):
        return _render(spec, conv, _integer(v, conv))
    if conv in ("e", "E", "f", "F", "g", "G"):
        return _render(spec, conv, _real(v))
    if conv == "c":
        return _render(spec, "c", _char(v))
    shown = conv if 31 <= ord(conv) <= 126 else "?"
    raise value_error(f"unsupported format character '{shown}' (0x{ord(conv):x}) at index {index}")


def _render(spec: _Spec, conv: str, value) -> str:
    if spec.width > MAX_WIDTH or spec.prec > MAX_WIDTH:
        raise GradcliError("LimitError", f"format width or precision over {MAX_WIDTH:,}")
    return spec.template(conv) % value


def _python_number(v, convert):
    """``convert(v)`` (``int``, ``float``, ``operator.index``) of a number
    or a numpy value, with Python's (numpy's) errors as the script's."""
    try:
        return convert(v.array if isinstance(v, NumpyArray) else v)
    except (TypeError, ValueError, OverflowError) as e:
        raise GradcliError(type(e).__name__, str(e)) from None


def _integer(v, conv: str) -> int:
    """``%d`` and friends: ``int(v)``; ``%o %x %X`` take integers only
    (``operator.index(v)``). A value that is no number: Python's TypeError."""
    from .runtime import python_index, tensor_number, type_name
    exact = conv in "oxX"
    if type(v) in (int, bool):
        return int(v)
    try:
        if type(v) is float and not exact:
            return _python_number(v, int)
        if type(v) is Tensor:
            return python_index(v) if exact else _python_number(tensor_number(v, False), int)
        if isinstance(v, (np.generic, NumpyArray)):
            return _python_number(v, operator.index if exact else int)
    except GradcliError as e:
        if e.kind != "TypeError":
            raise
    kind = "an integer" if exact else "a real number"
    raise type_error(f"%{conv} format: {kind} is required, not {type_name(v)}")


def _real(v) -> float:
    """``%f`` and friends: ``float(v)``."""
    from .runtime import tensor_number, type_name
    if type(v) in (int, bool, float):
        return _python_number(v, float)
    if type(v) is Tensor:
        return _python_number(tensor_number(v, True), float)
    if isinstance(v, (np.generic, NumpyArray)):
        return _python_number(v, float)
    raise type_error(f"must be real number, not {type_name(v)}")


def _char(v) -> str:
    """``%c``: a one-character string, or the character of an integer."""
    from .runtime import python_index
    if isinstance(v, str):
        if len(v) == 1:
            return v
        raise type_error("%c requires int or char")
    try:
        code = int(v) if type(v) in (int, bool) else python_index(v)
    except GradcliError:
        code = None
    if code is None:
        raise type_error("%c requires int or char")
    if not 0 <= code <= sys.maxunicode:
        raise GradcliError("OverflowError", "%c arg not in range(0x110000)")
    return chr(code)
