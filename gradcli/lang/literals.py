"""The fast path for big numeric literals.

A Lark parse of a 1000×1000 matrix literal takes minutes; ``json.loads`` of
the same text takes a fraction of a second. Before parsing, long runs of
brackets, numbers, commas and semicolons are lifted out of the source, read
here, and replaced by a placeholder name of exactly the same shape (same
lines, same end column), so every span after it stays true.
"""
from __future__ import annotations

import json
import re

from ..errors import Span

# Shorter literals go through the grammar; they are cheap there.
MIN_LENGTH = 2000
_ALLOWED = b"0123456789 \t\r\n,;.[]eE+-_"
_NOT_BRACKETS = _ALLOWED.translate(None, b"[]")
_PY_FLOAT_FIXES = (                                    # (compiled on first use: re caches them)
    (r"(?<![\w.])\.(\d)", r"0.\1"),          # .5   -> 0.5
    (r"(\d)\.(?![\d])", r"\1.0"),            # 1.   -> 1.0
    (r"(?<=[\[,;\s])\+", ""),                # +1   -> 1
)
PLACEHOLDER_PREFIX = "__gradcli_literal_"


def lift_literals(source: str):
    """Return (new source, {placeholder name: (value, is_matrix, span, depth)});
    ``depth``: the literal's deepest bracket nesting."""
    if len(source) < MIN_LENGTH:
        return source, {}
    pieces, table, pos = [], {}, 0
    for start, end, brackets in _candidates(source):
        if not _is_value_position(source, start):
            continue
        text = source[start:end]
        depth = _depth(brackets)
        value, is_matrix = _read(text, depth)
        if value is None:
            continue
        name = f"{PLACEHOLDER_PREFIX}{len(table)}"
        replacement = _same_shape(text, name)
        if replacement is None:
            continue
        line = source.count("\n", 0, start) + 1
        col = start - (source.rfind("\n", 0, start) + 1) + 1
        end_line = line + text.count("\n")
        last_nl = text.rfind("\n")
        end_col = (len(text) - last_nl) if last_nl >= 0 else col + len(text)
        table[name] = (value, is_matrix, Span(line, col, end_line, end_col), depth)
        pieces.append(source[pos:start])
        pieces.append(replacement)
        pos = end
    if not table:
        return source, {}
    pieces.append(source[pos:])
    return "".join(pieces), table


def _candidates(source: str):
    """(start, end, brackets) of each outermost bracket run at least
    MIN_LENGTH long that holds only numbers and separators, with its
    brackets in order (``_brackets``). Uses str.find (C speed): a 1000×1000
    literal has only a thousand brackets."""
    find = source.find
    i = find("[")
    while i >= 0:
        end = _balanced_end(source, i)
        if end is None:
            return
        brackets = _brackets(source[i:end]) if end - i >= MIN_LENGTH else None
        if brackets is not None:
            yield i, end, brackets
            i = find("[", end)
        else:
            i = find("[", i + 1)


def _brackets(text: str):
    """The brackets of ``text`` in order, if it holds only numbers and
    separators (else None): one encoding and one C-speed pass over it."""
    try:
        raw = text.encode("ascii")
    except UnicodeEncodeError:
        return None
    kept = raw.translate(None, _NOT_BRACKETS)
    return None if kept.translate(None, b"[]") else kept


def _balanced_end(source: str, start: int):
    """The end of the bracket opened at ``start`` (brackets only, via find)."""
    find, depth, i = source.find, 0, start
    next_open = start
    while True:
        if next_open is not None and next_open < i:
            next_open = find("[", i)
            if next_open < 0:
                next_open = None
        close = find("]", i)
        if close < 0:
            return None
        if next_open is not None and next_open < close:
            depth += 1
            i = next_open + 1
        else:
            depth -= 1
            i = close + 1
            if depth == 0:
                return i


def _is_value_position(source: str, start: int) -> bool:
    """Not a subscript (``x[...]``), not inside a comment or a string."""
    i = start - 1
    while i >= 0 and source[i] in " \t":
        i -= 1
    if i >= 0 and (source[i].isalnum() or source[i] in "_)]"):
        return False
    line_start = source.rfind("\n", 0, start) + 1
    prefix = source[line_start:start]
    return "#" not in prefix and prefix.count('"') % 2 == 0 and prefix.count("'") % 2 == 0


MAX_DEPTH = 64          # a tensor has at most 64 dimensions; deeper goes to the grammar


_OPEN, _CLOSE = ord("["), ord("]")


def _depth(brackets: bytes) -> int:
    """The deepest nesting of a run of brackets (a 1000×1000 literal has
    8.5 million characters and 2002 brackets)."""
    depth = top = 0
    for c in brackets:
        if c == _OPEN:
            depth += 1
            if depth > top:
                top = depth
        else:
            depth -= 1
    return top


def read_numbers(text: str):
    """(value, is_matrix) of a literal of numbers and separators, read as
    the fast path reads it; (None, False) for any other text."""
    brackets = _brackets(text)
    return (None, False) if brackets is None else _read(text, _depth(brackets))


def _read(text: str, depth: int):
    if depth > MAX_DEPTH:
        return None, False
    is_matrix = ";" in text
    body = text
    if is_matrix:
        inner = text[1:-1]
        if "[" in inner or "]" in inner:
            return None, False
        body = "[[" + inner.strip().rstrip(";").replace(";", "],[") + "]]"
    for attempt in range(2):
        try:
            return json.loads(body), is_matrix
        except RecursionError:
            return None, False
        except ValueError:
            if attempt == 0:
                for pattern, repl in _PY_FLOAT_FIXES:
                    body = re.sub(pattern, repl, body)
                body = body.replace("_", "")
    return None, False


def fresh(value: list, depth: int) -> list:
    """A new copy of a literal's nested lists, as a list display makes new
    lists each time it runs (``depth``: its deepest bracket nesting).

    NOTE: where every element above the deepest level is a list, as in a
    matrix, no list can lie below it: the lists are copied a level at a
    time, each by one slice. A literal that mixes numbers and lists on a
    level is copied element by element."""
    top = value[:]
    level = [top]                 # copies whose elements are still the originals
    for _ in range(depth - 1):
        below = []
        for lst in level:
            if not all(type(x) is list for x in lst):
                return _copy_any(value)
            lst[:] = copies = [x[:] for x in lst]
            below += copies
        level = below
    return top


def _copy_any(value: list) -> list:
    """A deep copy of nested lists of numbers, without recursion."""
    top = value[:]
    stack = [top]
    while stack:
        lst = stack.pop()
        for i, x in enumerate(lst):
            if type(x) is list:
                lst[i] = copy = x[:]
                stack.append(copy)
    return top


def _same_shape(text: str, name: str):
    """``(name)`` spread over the lines and columns ``text`` takes (None if
    it does not fit on one line)."""
    breaks = text.count("\n")
    if not breaks:
        pad = len(text) - len(name) - 2
        return None if pad < 0 else "(" + name + " " * pad + ")"
    last = len(text) - text.rfind("\n") - 1
    return "(" + name + "\n" * breaks + " " * (last - 1) + ")"
