"""Syntax errors for text the grammar rejects, in Python's words.

When Lark rejects a cell, the text is tokenized again as CPython 3.11 does
(``python_tokens.py``) and the error is the one Python gives for the same
text, at the same place, in Python's order: a tokenizer error anywhere in
the text first (an unterminated string, an unmatched bracket, an invalid
literal or character), then an invalid target in an earlier statement
(which the AST builder finds), then the error of Python's parser where it
stops (``python_messages.py``: ``'(' was never closed``, ``expected ':'``,
a forgotten comma, ``=`` for ``==``, ...). Where Python only says "invalid
syntax", gradcli names the unexpected token and says what it expected.
Constructs gradcli leaves out (``class``, ``try``, ...) are named as such.
"""
from __future__ import annotations

import re
from typing import Optional

from ..errors import ScriptSyntaxError, Span
from .parse import HARD_KEYWORDS, builder_error
from .python_messages import STARRED, line_start, matching, misplaced_keyword, python_message
from .python_tokens import PyError, PyToken, scan

UNSUPPORTED_HINTS = {
    "class": "gradcli scripts use functions (`def`) and torch.nn modules, not their own classes",
    "try": "errors end the cell they happen in; the next cell still runs",
    "except": "errors end the cell they happen in; the next cell still runs",
    "finally": "errors end the cell they happen in; the next cell still runs",
    "yield": "build a list and return it",
    "raise": "use `assert condition, \"message\"`",
    "global": "return the new value from the function and assign it outside",
    "nonlocal": "return the new value from the function and assign it outside",
    "async": "gradcli scripts run one statement at a time",
    "await": "gradcli scripts run one statement at a time",
    "match": "use `if`/`elif`/`else`",
    "%": "IPython magics and shell commands only work in IPython; remove the line",
    "!": "IPython magics and shell commands only work in IPython; remove the line",
}
_UNSUPPORTED_NAMES = {"class": "class definitions ('class')", "async": "'async' functions and statements",
                      "await": "'await' expressions", "%": "IPython magics ('%...')",
                      "!": "IPython shell commands ('!...')"}
_BLOCK_WORDS = r"\s*(class|try|except|finally|async|await|yield|raise|global|nonlocal)\b|\s*(match)\s+[^=\s(][^=]*:\s*$|\s*([%!])"
_TOKEN_WORDS = {
    "NAME": "a name", "NUMBER": "a number", "STRING": "a string",
    "_NEWLINE": "the end of the line", "$END": "the end of the input",
    "_INDENT": "an indented block", "_DEDENT": "the end of the block",
}
_EXPRESSION_STARTS = {"NAME", "NUMBER", "STRING", "LPAR", "LSQB", "LBRACE", "MINUS", "PLUS", "TILDE", "NOT",
                      "NONE", "TRUE", "FALSE", "LAMBDA", "__ANON_0", "ELLIPSIS"}


def python_span(line: int, offset: int, end_line: int, end_offset: int, line_offset: int = 0) -> Span:
    """A gradcli span for CPython's position: its offset, and its end where
    Python's traceback draws one (one character otherwise)."""
    col = max(1, offset)
    if end_line == line and end_offset > offset:
        return Span(line + line_offset, col, line + line_offset, end_offset)
    if end_line > line and end_offset >= 1:
        return Span(line + line_offset, col, end_line + line_offset, end_offset)
    return Span(line + line_offset, col, line + line_offset, col + 1)


def from_python(err: PyError, line_offset: int, hint: Optional[str] = None) -> ScriptSyntaxError:
    """gradcli's error for CPython's (``line_offset``: the cell's first line less one)."""
    return ScriptSyntaxError(err.message, python_span(err.line, err.offset, err.end_line, err.end_offset, line_offset),
                             hint, kind=err.kind)


def syntax_error(exc, text: str, first_line: int) -> ScriptSyntaxError:
    """The error for ``text`` (a cell starting at ``first_line``), which Lark
    rejected with ``exc`` (an UnexpectedInput or a DedentError)."""
    from .grammar import parse
    while True:
        err = _first_error(exc, text, first_line)
        if err.message != STARRED:
            return err
        # NOTE: Python's parser accepts ``y = *a`` (its compiler rejects it, after
        # the whole text has parsed): an error after it comes first.
        rows = text.split("\n")
        at = sum(len(r) + 1 for r in rows[:err.span.line - first_line]) + err.span.column - 1
        text = text[:at] + " " + text[at + 1:]
        try:
            parse(text)
        except Exception as again:      # noqa: BLE001 — Lark's error for the rest
            exc = again
            continue
        return builder_error(text, first_line) or err


def _first_error(exc, text: str, first_line: int) -> ScriptSyntaxError:
    """The error Python reports first in ``text`` (see syntax_error)."""
    from .lalr_parser import DedentError
    off = first_line - 1
    found = scan(text)
    if found.error is not None and (not found.stopped or isinstance(exc, DedentError)):
        token = getattr(exc, "token", None)
        if token is not None and token.type == "_INDENT" and found.tokens:
            # NOTE: CPython reports an unexpected indent at once, without reading on for tokenizer errors.
            i = _error_index(found.tokens, exc)
            if i is not None and found.tokens[i].kind == "INDENT":
                t = found.tokens[i]
                return from_python(PyError("IndentationError", "unexpected indent", t.line, t.col, t.line, -1), off)
        return from_python(found.error, off)
    if isinstance(exc, DedentError):      # the two tokenizers disagree: say it at the end
        rows = text.rstrip("\n").split("\n")
        return ScriptSyntaxError("unindent does not match any outer indentation level",
                                 Span(len(rows) + off, 1, len(rows) + off, 2), kind="IndentationError")
    tokens = found.tokens
    k = _error_index(tokens, exc)
    if k is None:                  # Lark read past where Python's tokenizer stopped
        if found.error is not None:
            return from_python(found.error, off)
        k = len(tokens) - 1
    if found.stopped:              # an end for the token walks below
        last = tokens[-1] if tokens else PyToken("NEWLINE", "", 1, 1, 1, 1, 0)
        tokens.append(PyToken("ENDMARKER", "", last.end_line, last.end_col, last.end_line, last.end_col, 0))
    k = misplaced_keyword(tokens, k)
    err = _parser_error(exc, text, off, found, k)
    # NOTE: Python's parser reports an invalid target (``f(x) = 1``) in a statement
    # before this one first; the grammar leaves those to the AST builder.
    cut = tokens[line_start(tokens, k)].line
    if cut > 1:
        earlier = builder_error("\n".join(text.split("\n")[:cut - 1]) + "\n", first_line)
        if earlier is not None:
            return earlier
    return err


def _parser_error(exc, text: str, off: int, found, k: int) -> ScriptSyntaxError:
    """The error of Python's parser (or gradcli's words) at token ``k``."""
    tokens = found.tokens
    token = getattr(exc, "token", None)
    rows = text.split("\n")
    line = tokens[k].line if token is None or token.type != "$END" else len(rows)
    construct = _unsupported_construct(rows, line)
    if construct is None and token is not None and token.type == "_INDENT":
        construct = _unsupported_construct(rows, tokens[k].line)
    if construct is not None:
        kw, kcol = construct
        what = _UNSUPPORTED_NAMES.get(kw, f"'{kw}' statements")
        return ScriptSyntaxError(f"{what} are not supported", Span(line + off, kcol, line + off, kcol + len(kw)),
                                 UNSUPPORTED_HINTS.get(kw))
    t = tokens[k]
    if t.text == ":" and _annotated_target(tokens, line_start(tokens, k), k):
        return ScriptSyntaxError("variable annotations ('x: int') are not supported",
                                 python_span(t.line, t.col, t.end_line, t.end_col, off),
                                 "leave the annotation out: `x = ...`")
    expected = set(getattr(exc, "expected", None) or getattr(exc, "allowed", None) or ())
    err = python_message(tokens, k, found, expected)
    if err is not None:
        hint = None
        if err.message.endswith("was never closed"):
            hint = "add the matching '%s'" % {"(": ")", "[": "]", "{": "}"}[err.message[1]]
        return from_python(err, off, hint)
    t = tokens[line_start(tokens, k)]
    if t.kind == "NAME" and t.text in ("else", "elif") and "ELSE" not in expected and "ELIF" not in expected:
        return ScriptSyntaxError(f"unexpected '{t.text}'", python_span(t.line, t.col, t.end_line, t.end_col, off),
                                 f"an '{t.text}' continues the 'if' (or 'for', 'while') block just above it, "
                                 "at the same indentation")
    t = tokens[k]
    if t.kind == "OP" and t.text == ":=":
        return ScriptSyntaxError("assignment expressions (':=') are not supported",
                                 python_span(t.line, t.col, t.end_line, t.end_col, off),
                                 "assign the value on a line of its own first")
    from .lalr_parser import UnexpectedCharacters
    if t.kind == "NAME" and t.text in HARD_KEYWORDS and t.text not in ("None", "True", "False"):
        message, hint = f"unexpected '{t.text}'", f"'{t.text}' is a Python keyword; it cannot be used as a name"
    elif isinstance(exc, UnexpectedCharacters) and t.kind in ("NAME", "NUMBER", "STRING"):
        message, hint = f"unexpected {t.text!r}", "is an operator or a comma missing before it?"
    else:
        message, hint = _gradcli_message(exc, expected, rows)
    return ScriptSyntaxError(message, python_span(t.line, t.col, t.end_line, t.end_col, off), hint)


def tokenizer_error(text: str, first_line: int) -> Optional[ScriptSyntaxError]:
    """Python's tokenizer error in ``text``, if it has one (it comes before
    any error of Python's parser)."""
    found = scan(text)
    if found.error is not None and not found.stopped:
        return from_python(found.error, first_line - 1)
    return None


def _error_index(tokens: list, exc) -> Optional[int]:
    """The Python token where Lark stopped (the one holding its position),
    or None when that is past where Python's tokenizer stopped."""
    token = getattr(exc, "token", None)
    kind = token.type if token is not None else None
    if kind == "$END":
        return len(tokens) - 1 if tokens and tokens[-1].kind == "ENDMARKER" else None
    where = (getattr(exc, "line", 1) or 1, getattr(exc, "column", 1) or 1)
    want = {"_INDENT": "INDENT", "_DEDENT": "DEDENT", "_NEWLINE": "NEWLINE"}.get(kind)
    for i, t in enumerate(tokens):
        if want is not None:
            if t.kind == want and (t.line, t.col) >= where:
                return i
        elif (t.line, t.col) >= where or (t.end_line, t.end_col) > where and t.kind not in ("INDENT", "DEDENT"):
            return i
    return None if not tokens or tokens[-1].kind != "ENDMARKER" else len(tokens) - 1


# ***** gradcli's own words *****

def _annotated_target(tokens: list, head: int, k: int) -> bool:
    """Whether the statement's tokens before ``k`` (a ':') are a target that
    Python lets annotate: a name, then attributes and subscripts."""
    first = tokens[head]
    if head >= k or first.kind != "NAME" or first.text in HARD_KEYWORDS:
        return False
    j = head + 1
    while j < k:
        if tokens[j].text == "." and tokens[j + 1].kind == "NAME":
            j += 2
        elif tokens[j].text == "[":
            close = matching(tokens, j, 1)
            if close is None:
                return False
            j = close + 1
        else:
            return False
    return j == k


def _unsupported_construct(rows: list, line: int):
    """(keyword, column) when the error line starts with a construct the
    language leaves out."""
    if not 1 <= line <= len(rows):
        return None
    m = re.match(_BLOCK_WORDS, rows[line - 1])
    if m:
        g = 1 if m.group(1) else 2 if m.group(2) else 3
        return m.group(g), m.start(g) + 1
    return None


def _describe(tokname: str) -> str:
    if tokname in _TOKEN_WORDS:
        return _TOKEN_WORDS[tokname]
    from .grammar import get_parser
    for term in get_parser().terminals:
        if term.name == tokname:
            if term.pattern.type == "str":
                return repr(term.pattern.value)
            break
    return tokname.lower().replace("_", " ")


def _gradcli_message(exc, expected: set, rows: list):
    """``(message, hint)``: the token Lark did not expect, and what it expected."""
    from .lalr_parser import UnexpectedCharacters
    token = getattr(exc, "token", None)
    if isinstance(exc, UnexpectedCharacters):
        line, col = exc.line, exc.column
        row = rows[line - 1] if 0 < line <= len(rows) else ""
        return f"invalid character {row[col - 1] if 0 < col <= len(row) else '?'!r}", None
    if token is not None and token.type == "$END":
        return "unexpected end of input", None
    words = []
    if {"NAME", "NUMBER"} <= expected:
        words.append("an expression")
        expected = expected - _EXPRESSION_STARTS
    words += sorted(_describe(t) for t in expected if not t.startswith("__"))
    if token is not None and token.type == "_INDENT":
        message = "unexpected indent"
    elif token is not None and token.type == "_NEWLINE":
        message = "unexpected end of the line"
    elif token is not None:
        message = f"unexpected {token.value!r}"
    else:
        message = "invalid syntax"
    hint = None
    if token is not None and token.type in ("NAME", "NUMBER", "STRING") and "COMMA" in expected:
        hint = "is an operator or a comma missing before it?"
    elif words and not (token is not None and token.type == "_INDENT"):
        hint = "expected " + ", ".join(words[:8]) + (", ..." if len(words) > 8 else "")
    return message, hint
