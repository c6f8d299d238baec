"""Syntax errors for text the grammar rejects, in Python's words.

When Lark rejects a cell, the text is tokenized again as CPython 3.11 does
(``python_tokens.py``) and the error is the one Python gives for the same
text, at the same place: a tokenizer error anywhere in the text first (an
unterminated string, an unmatched bracket, an invalid literal or character),
then CPython's rule for brackets left open (``_PyPegen_set_syntax_error``),
then the messages of its parser's second pass that learners meet most:
``expected ':'``, ``expected an indented block after ...``, a forgotten
comma, ``=`` for ``==``, ``print x``. Where Python only says "invalid
syntax", gradcli names the unexpected token and says what it expected.
Constructs gradcli leaves out (``class``, ``try``, ...) are named as such.
"""
from __future__ import annotations

import re
from typing import Optional

from ..errors import ScriptSyntaxError, Span
from .parse import HARD_KEYWORDS, builder_error
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
# What each block statement is called in "expected an indented block after ..."
_BLOCKS = {"if": "'if' statement", "elif": "'elif' statement", "else": "'else' statement",
           "for": "'for' statement", "while": "'while' statement", "with": "'with' statement",
           "def": "function definition", "class": "class definition", "try": "'try' statement",
           "except": "'except' statement", "finally": "'finally' statement"}
_BINARY = frozenset(("+", "-", "*", "/", "//", "%", "@", "**", "<<", ">>", "&", "|", "^"))
_COMPARE = frozenset(("<", ">", "==", ">=", "<=", "!="))
_UNARY = frozenset(("-", "+", "~"))
# Tokens that end the expression before them (walking back from an error).
_DELIMITERS = frozenset((",", ":", "=", ":=", ";", "->", "if", "else", "lambda", "for", "from", "yield", "return",
                         "assert", "del", "import", "while", "elif", "with", "as", "await", "raise"))
_SOFT_KEYWORDS = frozenset(("match", "case", "_"))


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


STARRED = "can't use starred expression here"


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
    k = _misplaced_keyword(tokens, k)
    err = _parser_error(exc, text, off, found, k)
    # NOTE: Python's parser reports an invalid target (``f(x) = 1``) in a statement
    # before this one first; the grammar leaves those to the AST builder.
    cut = tokens[_line_start(tokens, k)].line
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
    expected = set(getattr(exc, "expected", None) or getattr(exc, "allowed", None) or ())
    err = _python_message(tokens, k, found, expected)
    if err is not None:
        hint = None
        if err.message.endswith("was never closed"):
            hint = "add the matching '%s'" % {"(": ")", "[": "]", "{": "}"}[err.message[1]]
        return from_python(err, off, hint)
    t = tokens[_line_start(tokens, k)]
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


_NAME_BEFORE = frozenset((".", "import", "def", "class", "as", "from", "global", "nonlocal", "del"))
_PREFIX_KEYWORDS = frozenset(("not", "lambda", "await", "yield", "None", "True", "False"))
_INFIX_KEYWORDS = frozenset(("and", "or", "in", "is", "not", "if", "else", "for", "as", "async", "from"))


def _misplaced_keyword(tokens: list, k: int) -> int:
    """Where Python stops: at a keyword the grammar's contextual lexer read
    as a name (after a '.', an operator, an operand), if one comes before
    token ``k`` in its statement; else ``k``."""
    head = 0
    for j in range(1, k):
        t, before = tokens[j], tokens[j - 1]
        if before.kind in ("NEWLINE", "INDENT", "DEDENT"):
            head = j
        if t.kind != "NAME" or t.text not in HARD_KEYWORDS or t.text in ("None", "True", "False") or \
                before.kind in ("NEWLINE", "INDENT", "DEDENT") or before.text in (":", ";", "@"):
            continue
        if t.text == "import" and tokens[head].text == "from":
            continue
        if before.text in _NAME_BEFORE:
            return j
        if before.kind == "OP" and before.text not in ")]}" and t.text not in _PREFIX_KEYWORDS:
            return j
        if (before.kind in ("NUMBER", "STRING") or before.kind == "NAME" and before.text not in HARD_KEYWORDS
                or before.text in ")]}") and t.text not in _INFIX_KEYWORDS:
            return j
    return k


def _line_start(tokens: list, k: int) -> int:
    """The first token of the logical line holding token ``k``."""
    j = k
    while j > 0 and tokens[j - 1].kind not in ("NEWLINE", "INDENT", "DEDENT"):
        j -= 1
    return j


def _python_message(tokens: list, k: int, found, expected: set) -> Optional[PyError]:
    """Python's own message for the error at token ``k``, where it has one
    more specific than "invalid syntax"."""
    t = tokens[k]
    err, reach = _parser_message(tokens, k, expected)
    if found.brackets and not found.stopped and t.kind != "INDENT":
        # NOTE: CPython's rule: at the end of the input, or when the last token its
        # parser read is on a later line than the innermost bracket left open, that
        # bracket is the error. Its parser reads on past the error while it tries
        # the token there as the start of an expression (for its comma message).
        char, bline, bcol = found.brackets[-1]
        if t.kind == "ENDMARKER" or t.line > bline or reach == len(tokens) - 1 or tokens[reach].line > bline:
            return PyError("SyntaxError", f"'{char}' was never closed", bline, bcol, bline, 0)
    return err


def _parser_message(tokens: list, k: int, expected: set):
    """``(error or None, index of the last token CPython's parser read)``."""
    t = tokens[k]
    reach = max(k, _expression_reach(tokens, k))
    if t.kind == "INDENT":
        return PyError("IndentationError", "unexpected indent", t.line, t.col, t.line, -1), k
    if k >= 2 and tokens[k - 1].kind == "NEWLINE" and tokens[k - 2].text == ":":
        head = tokens[_line_start(tokens, k - 2)]
        if head.text in _BLOCKS:
            what = f"expected an indented block after {_BLOCKS[head.text]} on line {head.line}"
            end = -1 if t.kind in ("ENDMARKER", "DEDENT") else t.end_col
            return PyError("IndentationError", what, t.line, t.col, t.end_line, end), k
    head = _line_start(tokens, k)
    if t.kind == "NEWLINE" and "COLON" in expected and tokens[head].text in _BLOCKS:
        return PyError("SyntaxError", "expected ':'", t.line, t.col, t.line, t.end_col), k
    forced = _forced_token(tokens, head, k)
    if forced is not None:
        return PyError("SyntaxError", f"expected '{forced}'", t.line, t.col, t.end_line, t.end_col), k
    if t.kind == "OP" and t.text == "=":
        return _misplaced_assignment(tokens, k)
    star = _starred_alone(tokens, head, k)
    if star is not None:
        return star, k
    if "ELSE" in expected:
        found = _if_without_else(tokens, k)
        if found is not None:
            return found, reach
    return _legacy_print(tokens, k) or _missing_comma(tokens, k), reach


def _starred_alone(tokens: list, head: int, k: int) -> Optional[PyError]:
    """``*a`` as a statement or an assigned value: Python's compiler's
    "can't use starred expression here"."""
    if tokens[k].kind != "NEWLINE":
        return None
    start, _ = _operand_start(tokens, k)
    if start is None or tokens[start].text != "*" or not (start == head or tokens[start - 1].text == "="):
        return None
    if _expression_end(tokens, start + 1) != k:
        return None
    first, last = tokens[start], tokens[k - 1]
    return PyError("SyntaxError", STARRED, first.line, first.col,
                   last.end_line, last.end_col)


def _forced_token(tokens: list, head: int, k: int) -> Optional[str]:
    """The token CPython's grammar requires at ``k`` (its ``&&'('`` and
    ``&&':'``): '(' after ``def NAME``, ':' after a def's signature or
    after ``else``."""
    first, t = tokens[head], tokens[k]
    if first.kind != "NAME":
        return None
    if first.text == "else" and k == head + 1 and t.text != ":":
        return ":"
    if first.text != "def" or k < head + 2 or tokens[head + 1].kind != "NAME":
        return None
    if k == head + 2:
        return "(" if t.text != "(" else None
    close = _matching(tokens, head + 2, 1) if tokens[head + 2].text == "(" else None
    if close is None or k <= close:
        return None
    if k == close + 1:
        return ":" if t.text not in (":", "->") else None
    if tokens[close + 1].text == "->" and _expression_end(tokens, close + 2) == k and t.text != ":":
        return ":"
    return None


def _if_without_else(tokens: list, k: int) -> Optional[PyError]:
    """``a if b`` with no ``else``: CPython's "expected 'else' after 'if' expression"."""
    j = next((j for j in _back_at_depth(tokens, k) if _ends_operand(tokens[j]) or tokens[j].text == "if"), -1)
    if j < 0 or tokens[j].text != "if" or tokens[j].kind != "NAME" or _in_comprehension(tokens, j):
        return None
    if _expression_end(tokens, j + 1) != k or tokens[k].text in ("else", ":"):
        return None
    start, _ = _operand_start(tokens, j)
    if start is None or _expression_end(tokens[:j], start) != j:
        return None
    first, last = tokens[start], tokens[k - 1]
    return PyError("SyntaxError", "expected 'else' after 'if' expression", first.line, first.col,
                   last.end_line, last.end_col)


# ***** expressions over Python tokens *****

def _matching(tokens: list, j: int, step: int) -> Optional[int]:
    """The index of the bracket matching the one at ``j`` (forwards for
    ``step`` 1, backwards for -1), or None."""
    depth, n = 0, len(tokens)
    while 0 <= j < n:
        t = tokens[j]
        if t.kind == "OP" and t.text in "([{":
            depth += step
        elif t.kind == "OP" and t.text in ")]}":
            depth -= step
        if depth == 0:
            return j
        j += step
    return None


def _is_operand(t: PyToken) -> bool:
    if t.kind in ("NUMBER", "STRING"):
        return True
    if t.kind == "NAME":
        return t.text not in HARD_KEYWORDS or t.text in ("None", "True", "False")
    return t.kind == "OP" and t.text in ("...", "{", "~")


def _expression_end(tokens: list, k: int, bitwise: bool = False) -> Optional[int]:
    """The index just after the expression (``bitwise``: the bitwise_or)
    that starts at token ``k``, or None when none does."""
    j, n, operand = k, len(tokens), True
    while j < n:
        t = tokens[j]
        text = t.text if t.kind in ("OP", "NAME") else None
        if operand:
            if t.kind == "OP" and text in _UNARY or (not bitwise and t.kind == "NAME" and text == "not"):
                j += 1
            elif t.kind == "OP" and text in "([{":
                close = _matching(tokens, j, 1)
                if close is None:
                    return None
                j, operand = close + 1, False
            elif t.kind == "STRING":
                while j < n and tokens[j].kind == "STRING":
                    j += 1
                operand = False
            elif _is_operand(t) and text != "~":
                j, operand = j + 1, False
            else:
                return None
            continue
        if t.kind == "OP" and text in ("(", "["):
            close = _matching(tokens, j, 1)
            if close is None:
                return None
            j = close + 1
        elif t.kind == "OP" and text == "." and j + 1 < n and tokens[j + 1].kind == "NAME":
            j += 2
        elif t.kind == "OP" and text in _BINARY:
            j, operand = j + 1, True
        elif not bitwise and (t.kind == "OP" and text in _COMPARE or
                              t.kind == "NAME" and text in ("in", "is", "and", "or", "if", "else")):
            j += 2 if text == "is" and j + 1 < n and tokens[j + 1].text == "not" else 1
            operand = True
        elif not bitwise and t.kind == "NAME" and text == "not" and j + 1 < n and tokens[j + 1].text == "in":
            j, operand = j + 2, True
        else:
            break
    return None if operand else j


def _expression_reach(tokens: list, k: int) -> int:
    """The index of the token where reading an expression (and, inside
    brackets, the comma-separated items after it) from token ``k`` stops:
    the last token CPython's parser reads when it tries ``k`` as the start
    of an expression."""
    j, n, operand, stack = k, len(tokens) - 1, True, []
    while j < n:
        t = tokens[j]
        text = t.text if t.kind in ("OP", "NAME") else None
        if operand:
            if t.kind == "OP" and text in _UNARY or t.kind == "NAME" and text == "not" or \
                    stack and t.kind == "OP" and text in ("*", "**"):
                j += 1
            elif t.kind == "OP" and text in "([{":
                stack.append(text)
                j += 1
            elif stack and t.kind == "OP" and text in ")]}" and tokens[j - 1].text in ("(", "[", "{", ","):
                stack.pop()
                j, operand = j + 1, False
            elif _is_operand(t) and text != "~":
                j, operand = j + 1, False
            elif t.kind == "NAME" and text == "lambda":
                while j < n and tokens[j].text != ":":
                    j += 1
                j += 1
            else:
                return j
            continue
        if t.kind == "OP" and text in ("(", "["):
            stack.append(text)
            j, operand = j + 1, True
        elif t.kind == "OP" and text == "." and tokens[j + 1].kind == "NAME":
            j += 2
        elif t.kind == "OP" and (text in _BINARY or text in _COMPARE) or \
                t.kind == "NAME" and text in ("in", "is", "and", "or", "if", "else", "not"):
            j, operand = j + 1, True
        elif stack and (t.kind == "OP" and text in (",", ":", "=") or t.kind == "NAME" and text == "for"):
            j, operand = j + 1, True
        elif stack and t.kind == "OP" and text in ")]}":
            stack.pop()
            j += 1
        else:
            return j
    return n


def _back_at_depth(tokens: list, k: int):
    """The indices of the tokens before ``k`` at its bracket depth, nearest
    first, each bracketed group skipped; the walk ends after the bracket
    that opens the depth or the end of the previous line."""
    j = k - 1
    while j >= 0:
        t = tokens[j]
        if t.kind == "OP" and t.text in ")]}":
            back = _matching(tokens, j, -1)
            if back is None:
                return
            j = back - 1
            continue
        yield j
        if t.kind == "OP" and t.text in "([{" or t.kind in ("NEWLINE", "INDENT", "DEDENT"):
            return
        j -= 1


def _ends_operand(t: PyToken) -> bool:
    """Whether ``t`` comes before an expression rather than inside one."""
    return t.kind in ("NEWLINE", "INDENT", "DEDENT") or t.kind == "OP" and t.text in "([{" or \
        t.kind in ("OP", "NAME") and t.text in _DELIMITERS


def _operand_start(tokens: list, k: int):
    """``(start, delimiter)``: the first token of the expression that ends
    just before token ``k`` at its bracket depth, and the token before it."""
    start, delimiter = 0, None
    for j in _back_at_depth(tokens, k):
        if _ends_operand(tokens[j]):
            start, delimiter = j + 1, tokens[j]
            break
        start = j
    return (start if start < k else None), delimiter


def _in_comprehension(tokens: list, k: int) -> bool:
    """Whether token ``k`` is in a comprehension's clauses (a 'for' before
    it inside its brackets)."""
    return any(tokens[j].kind == "NAME" and tokens[j].text == "for" for j in _back_at_depth(tokens, k))


def _expression_name(tokens: list, start: int, end: int) -> str:
    """What CPython calls the expression ``tokens[start:end]`` in "cannot
    assign to ...": literal, function call, attribute, subscript, ..."""
    first, last = tokens[start], tokens[end - 1]
    if all(t.kind == "STRING" for t in tokens[start:end]) or end - start == 1 and first.kind == "NUMBER":
        return "literal"
    if end - start == 1 and first.text == "...":
        return "ellipsis"
    j = start
    while j < end:
        t = tokens[j]
        if t.kind == "OP" and t.text in "([{":
            close = _matching(tokens, j, 1)
            if close is None:
                return "expression"
            if j == start and close == end - 1 and t.text == "{":
                inner = tokens[j + 1:close]
                return "dict literal" if any(x.text == ":" and x.level == t.level + 1 for x in inner) else "set display"
            j = close + 1
            continue
        if t.kind == "OP" and (t.text in _BINARY or t.text == "~"):
            return "expression"
        j += 1
    if last.kind == "OP" and last.text == ")":
        return "function call"
    if last.kind == "OP" and last.text == "]":
        return "subscript"
    if last.kind == "NAME" and end - start >= 2 and tokens[end - 2].text == ".":
        return "attribute"
    return "expression"


# ***** CPython's second-pass messages *****

def _misplaced_assignment(tokens: list, k: int):
    """``=`` where an expression goes: in a condition or brackets (CPython's
    invalid_named_expression) or in a call (invalid_kwarg); ``(error or
    None, index of the last token CPython's parser read)``."""
    eq = tokens[k]
    start, delimiter = _operand_start(tokens, k)
    if start is None or delimiter is None:
        return None, k
    if start > 0 and tokens[start - 1].text in ("*", "**"):
        return None, k
    first = tokens[start]
    if eq.level > 0:
        opener = _opening_bracket(tokens, k)
        if opener is None:
            return None, k
        before = tokens[opener - 1] if opener > 0 else None
        is_call = tokens[opener].text == "(" and before is not None and (
            before.kind == "NAME" and before.text not in HARD_KEYWORDS or before.kind == "STRING"
            or before.kind == "OP" and before.text in ")]")
        if is_call:
            if delimiter.text not in (",", "(") or _expression_end(tokens, start) != k:
                return None, k
            return PyError("SyntaxError", 'expression cannot contain assignment, perhaps you meant "=="?',
                           first.line, first.col, eq.end_line, eq.end_col), k
    elif not (delimiter.kind == "NAME" and delimiter.text in ("if", "elif", "while")
              and _line_start(tokens, k) == start - 1):
        return None, k
    value_end = _expression_end(tokens, k + 1, bitwise=True)
    if value_end is None or tokens[value_end].text in ("=", ":="):
        return None, k
    if start + 1 == k and first.kind == "NAME" and first.text not in HARD_KEYWORDS:
        last = tokens[value_end - 1]
        return PyError("SyntaxError", "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
                       first.line, first.col, last.end_line, last.end_col), value_end
    if start + 1 == k and first.text in ("True", "False", "None"):
        return None, k
    if first.text in ("(", "[") and _matching(tokens, start, 1) == k - 1:
        return None, k                        # a tuple, list or generator expression
    if _expression_end(tokens, start, bitwise=True) != k:
        return None, k
    last = tokens[k - 1]
    return PyError("SyntaxError", f"cannot assign to {_expression_name(tokens, start, k)} here. "
                   "Maybe you meant '==' instead of '='?", first.line, first.col, last.end_line, last.end_col), value_end


def _opening_bracket(tokens: list, k: int) -> Optional[int]:
    """The index of the bracket that token ``k`` is inside."""
    for j in _back_at_depth(tokens, k):
        if tokens[j].kind == "OP" and tokens[j].text in "([{":
            return j
    return None


def _legacy_print(tokens: list, k: int) -> Optional[PyError]:
    """``print x``: Python 2's print statement (CPython's invalid_legacy_expression)."""
    if k < 1:
        return None
    name, t = tokens[k - 1], tokens[k]
    if name.kind != "NAME" or name.text not in ("print", "exec") or not _is_operand(t):
        return None
    if k >= 2 and tokens[k - 2].kind not in ("NEWLINE", "INDENT", "DEDENT") and not (
            tokens[k - 2].text in _DELIMITERS or tokens[k - 2].text in "([{"):
        return None                         # print inside a term or after a '.': not a statement
    end = _expression_end(tokens, k)
    if end is None:
        return None
    while end < len(tokens) and tokens[end].text == ",":
        more = _expression_end(tokens, end + 1)
        if more is None:
            break
        end = more
    last = tokens[end - 1]
    return PyError("SyntaxError", f"Missing parentheses in call to '{name.text}'. Did you mean {name.text}(...)?",
                   name.line, name.col, last.end_line, last.end_col)


def _missing_comma(tokens: list, k: int) -> Optional[PyError]:
    """Two expressions side by side inside brackets (CPython's invalid_expression)."""
    t = tokens[k]
    if t.level == 0 or not _is_operand(t):
        return None
    start, delimiter = _operand_start(tokens, k)
    if start is None:
        return None
    if _in_comprehension(tokens, k):        # in a comprehension, only its target
        if delimiter is None or delimiter.text != "for" or \
                any(tokens[j].text == "in" and tokens[j].level == t.level for j in range(start, k)):
            return None
    first = tokens[start]
    if first.kind == "NAME" and (first.text in _SOFT_KEYWORDS or tokens[start + 1].kind == "STRING"):
        return None
    if start + 1 == k and first.kind == "NAME" and first.text in ("print", "exec"):
        return None
    if _expression_end(tokens, start) != k:
        return None
    end = _expression_end(tokens, k)
    if end is None:
        return None
    last = tokens[end - 1]
    return PyError("SyntaxError", "invalid syntax. Perhaps you forgot a comma?",
                   first.line, first.col, last.end_line, last.end_col)


# ***** gradcli's own words *****

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
