"""CPython 3.11's parser messages for a text it rejects, read from its
tokens (``python_tokens.py``): the messages of its second pass that
learners meet most (``expected ':'``, ``expected an indented block after
...``, a forgotten comma, ``=`` for ``==``, ``print x``, ``a if b`` without
``else``), its rule for brackets left open, and where its parser stops.
The walks over tokens here stand in for its grammar's rules; they are
iterative, and they read only the statement around the error.
"""
from __future__ import annotations

from typing import Optional

from .parse import HARD_KEYWORDS
from .python_tokens import PyError, PyToken

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
# Python's compiler's error for ``*a`` alone (its parser accepts it).
STARRED = "can't use starred expression here"


_NAME_BEFORE = frozenset((".", "import", "def", "class", "as", "from", "global", "nonlocal", "del"))
_PREFIX_KEYWORDS = frozenset(("not", "lambda", "await", "yield", "None", "True", "False"))
_INFIX_KEYWORDS = frozenset(("and", "or", "in", "is", "not", "if", "else", "for", "as", "async", "from"))


def misplaced_keyword(tokens: list, k: int) -> int:
    """Where Python stops: at a keyword the grammar's contextual lexer read
    as a name (after a '.', an operator, an operand), if one comes before
    token ``k`` in its statement; else ``k``."""
    head = 0
    for j in range(1, k):
        t, before = tokens[j], tokens[j - 1]
        if before.kind in ("NEWLINE", "INDENT", "DEDENT"):
            head = j
        if t.kind != "NAME" or t.text not in HARD_KEYWORDS or t.text in ("None", "True", "False") or \
                before.kind in ("NEWLINE", "INDENT", "DEDENT") or before.text in (";", "@"):
            continue
        if before.text == ":" and before.level == 0 and tokens[head].text in _BLOCKS:
            continue                # a statement after a block's colon: if x: return
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


def line_start(tokens: list, k: int) -> int:
    """The first token of the logical line holding token ``k``."""
    j = k
    while j > 0 and tokens[j - 1].kind not in ("NEWLINE", "INDENT", "DEDENT"):
        j -= 1
    return j


def python_message(tokens: list, k: int, found, expected: set) -> Optional[PyError]:
    """Python's own message for the error at token ``k``, where it has one
    more specific than "invalid syntax"."""
    t = tokens[k]
    err, reach = _parser_message(tokens, k, expected)
    if found.stopped and found.error is not None and reach >= len(tokens) - 1:
        return found.error          # its parser read on to where its tokenizer stops
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
        head = tokens[line_start(tokens, k - 2)]
        if head.text in _BLOCKS:
            what = f"expected an indented block after {_BLOCKS[head.text]} on line {head.line}"
            end = -1 if t.kind in ("ENDMARKER", "DEDENT") else t.end_col
            return PyError("IndentationError", what, t.line, t.col, t.end_line, end), k
    head = line_start(tokens, k)
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
    close = matching(tokens, head + 2, 1) if tokens[head + 2].text == "(" else None
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

def matching(tokens: list, j: int, step: int) -> Optional[int]:
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
    """Whether ``t`` starts an operand that cannot continue the expression before it."""
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
                close = matching(tokens, j, 1)
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
            close = matching(tokens, j, 1)
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
    of an expression. Inside brackets an operand right after another is
    read on too, as CPython does when it tries a forgotten comma there."""
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
        elif stack and _is_operand(t) and text != "~":
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
            back = matching(tokens, j, -1)
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


def _in_lambda_parameters(tokens: list, k: int) -> bool:
    """Whether token ``k`` is among a lambda's parameters."""
    for j in _back_at_depth(tokens, k + 1):
        if tokens[j].text == ":":
            return False
        if tokens[j].kind == "NAME" and tokens[j].text == "lambda":
            return True
    return False


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
            close = matching(tokens, j, 1)
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
              and line_start(tokens, k) == start - 1):
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
    if first.text in ("(", "[") and matching(tokens, start, 1) == k - 1:
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
    if tokens[k].text == "]" and tokens[k - 1].text == "[" and tokens[k - 1].level > 0:
        k -= 1                      # x[] in brackets: Python reads ``x`` and ``[]`` side by side
    t = tokens[k]
    if t.level == 0 or not (_is_operand(t) or t.text == "["):
        return None
    start, delimiter = _operand_start(tokens, k)
    if start is None or _in_lambda_parameters(tokens, start):
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
    if _expression_end(tokens[:k], start) != k:
        return None
    end = _expression_end(tokens, k)
    if end is None:
        return None
    last = tokens[end - 1]
    return PyError("SyntaxError", "invalid syntax. Perhaps you forgot a comma?",
                   first.line, first.col, last.end_line, last.end_col)
