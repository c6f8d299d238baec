"""String formatting: f-string fields and ``str.format``, with Python's
format-spec mini-language and PyTorch's ``Tensor.__format__`` (``%``
formatting: percent.py).

Only plain values (numbers, strings) ever reach Python's ``format``, and
only with a checked spec; a field names an argument by position or name,
never an attribute or an item (``"{0.__class__}"`` is refused), so no
format string reaches a Python object's internals. Widths and precisions
are capped so a format cannot build a huge string.
"""
from __future__ import annotations

import re

from ..engine.tensor import Tensor
from ..ops.operands import NUMPY_NUMBERS
from ..errors import GradcliError, type_error, value_error

MAX_WIDTH = 100_000

_SPEC = re.compile(r"(?:(.)?([<>=^]))?([-+ ])?(z)?(#)?(0)?(\d+)?([_,])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?\Z", re.S)


def text_of(v, as_str):
    """``str(v)`` (``as_str``) or ``repr(v)`` of a script value."""
    from ..render.pytext import to_repr, to_str
    return to_str(v) if as_str else to_repr(v)


def ascii_text(text: str) -> str:
    """``ascii()`` of a value from its repr: non-ASCII characters escaped."""
    return text.encode("ascii", "backslashreplace").decode("ascii")


def convert(v, conversion: str):
    """``!r``, ``!s`` or ``!a``: the value's text."""
    if conversion == "s":
        return text_of(v, True)
    text = text_of(v, False)
    return ascii_text(text) if conversion == "a" else text


def _check_spec(spec: str):
    m = _SPEC.match(spec)
    if m is None:
        return None
    for group in (7, 9):
        if m.group(group) is not None and int(m.group(group)) > MAX_WIDTH:
            raise GradcliError("LimitError", f"format width or precision over {MAX_WIDTH:,}")
    return m


def format_value(v, spec: str) -> str:
    """``format(v, spec)`` as Python with PyTorch does it."""
    if isinstance(v, NUMPY_NUMBERS):
        # NOTE: numpy formats its numbers as the Python number, but prints them as numpy does.
        if spec == "":
            return text_of(v, True)
        v = v.item()
    t = type(v)
    if t is Tensor:
        # NOTE: PyTorch formats a 0-d tensor as its item (also with an empty
        # spec: f"{torch.tensor(2.5)}" is "2.5"); any other tensor only
        # with an empty spec, as its str.
        if v.data.ndim == 0:
            v, t = v.data.item(), type(v.data.item())
        elif spec == "":
            return text_of(v, True)
        else:
            raise type_error("unsupported format string passed to Tensor.__format__")
    if t in (int, float, bool, str):
        if spec == "":
            return str(v) if t is not bool else ("True" if v else "False")
        if _check_spec(spec) is None and t is not str:
            return _python_format(v, spec)      # Python's own error message
        _check_spec(spec)
        return _python_format(v, spec)
    if spec == "":
        return text_of(v, True)
    from .runtime import type_name
    raise type_error(f"unsupported format string passed to {type_name(v)}.__format__")


def _python_format(v, spec):
    try:
        return format(v, spec)
    except ValueError as e:
        raise value_error(str(e)) from None


# ***** str.format *****

def _scan_fields(template: str):
    """Yield literal text and (field name, conversion, spec) triples."""
    i, n, buf = 0, len(template), []
    while i < n:
        c = template[i]
        if c == "{":
            if template.startswith("{", i + 1):
                buf.append("{")
                i += 2
                continue
            if buf:
                yield "".join(buf)
                buf = []
            j, nest = i + 1, 1
            while j < n:
                if template[j] == "{":
                    nest += 1
                elif template[j] == "}":
                    nest -= 1
                    if nest == 0:
                        break
                j += 1
            if j >= n:
                raise value_error("expected '}' before end of string")
            field = template[i + 1:j]
            name, conv, spec = field, "", ""
            k = _field_end(field)
            name = field[:k]
            rest = field[k:]
            if rest.startswith("!"):
                conv, rest = rest[1:2], rest[2:]
                if conv not in ("r", "s", "a"):
                    raise value_error(f"Unknown conversion specifier {conv}")
                if rest and not rest.startswith(":"):
                    raise value_error("expected ':' after conversion specifier")
            if rest.startswith(":"):
                spec = rest[1:]
            yield (name, conv, spec)
            i = j + 1
        elif c == "}":
            if not template.startswith("}", i + 1):
                raise value_error("Single '}' encountered in format string")
            buf.append("}")
            i += 2
        else:
            buf.append(c)
            i += 1
    if buf:
        yield "".join(buf)


def _field_end(field: str) -> int:
    for k, c in enumerate(field):
        if c in "!:":
            return k
    return len(field)


def str_format(template: str, args, kwargs) -> str:
    """``template.format(*args, **kwargs)``."""
    out, auto = [], [0, None]          # next automatic index; manual/auto mode seen

    def lookup(name):
        if "." in name or "[" in name:
            raise GradcliError("NotSupportedError",
                               f"format fields with attribute or item access ('{{{name}}}') are not supported",
                               hint="format the value itself: '{}'.format(x.shape)")
        if name == "":
            if auto[1] == "manual":
                raise value_error("cannot switch from manual field specification to automatic field numbering")
            auto[1] = "auto"
            idx = auto[0]
            auto[0] += 1
            if idx >= len(args):
                raise GradcliError("IndexError", f"Replacement index {idx} out of range for positional args tuple")
            return args[idx]
        if name.isdigit():
            if auto[1] == "auto":
                raise value_error("cannot switch from automatic field numbering to manual field specification")
            auto[1] = "manual"
            idx = int(name)
            if idx >= len(args):
                raise GradcliError("IndexError", f"Replacement index {idx} out of range for positional args tuple")
            return args[idx]
        if name not in kwargs:
            raise GradcliError("KeyError", repr(name))
        return kwargs[name]

    for part in _scan_fields(template):
        if isinstance(part, str):
            out.append(part)
            continue
        name, conv, spec = part
        v = lookup(name)
        if "{" in spec:                 # nested fields in the spec: '{:{w}.{p}f}'
            spec = "".join(p if isinstance(p, str) else format_value(lookup(p[0]), p[2])
                           for p in _scan_fields(spec))
        if conv:
            v = convert(v, conv)
        out.append(format_value(v, spec))
        check_length(out)
    return "".join(out)


def check_length(parts):
    from .runtime import MAX_SEQUENCE
    if sum(len(p) for p in parts) > MAX_SEQUENCE:
        raise GradcliError("LimitError", f"a string of over {MAX_SEQUENCE:,} characters is over the limit")


def key_error_text(key) -> str:
    """What ``KeyError`` shows for a missing key: the key's repr."""
    return text_of(key, False)
