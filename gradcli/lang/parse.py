"""Source text → AST: cells, the literal fast path, Lark, and syntax errors.

The Lark tree is turned into the AST of ``ast.py`` by one iterative
bottom-up pass (``Tree.iter_subtrees``), so deeply nested source never
recurses in Python. Every node gets the span from its first to its last
token (brackets are named terminals, kept in the tree for this).
"""
from __future__ import annotations

import gc
import re

from . import ast as A
from .syntax_tree import Token, Tree
from .literals import lift_literals
from ..errors import ScriptSyntaxError, Span

# NOTE: patterns are compiled on first use (re caches them), not at import:
# a one-line formula needs none of them.
_CELL_MARK = r"(?m)^# ?%%"

_UNSUPPORTED_HINTS = {
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


def split_cells(source: str):
    """``[(first_line, text)]``: one cell for a plain script, else a cell for
    each ``# %%`` marker (text before the first marker is a cell too)."""
    marks = [m.start() for m in re.finditer(_CELL_MARK, source)] if "%%" in source else []
    if not marks:
        return [(1, source)], False
    cells, starts = [], ([0] if marks[0] > 0 else []) + marks
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(source)
        cells.append((source.count("\n", 0, start) + 1, source[start:end]))
    return cells, True


def parse_cell(text: str, first_line: int = 1) -> tuple:
    """Parse one cell's text into a tuple of statements."""
    from .grammar import parse

    lifted, literals = lift_literals(text)
    if not lifted.endswith("\n"):
        lifted += "\n"
    # NOTE: parsing makes many objects and no cycles; the collector only slows it.
    collecting = gc.isenabled()
    gc.disable()
    try:
        try:
            tree = parse(lifted)
        except Exception as e:      # noqa: BLE001 — Lark's errors, imported only when one happens
            from .lalr_parser import DedentError, UnexpectedInput
            if isinstance(e, UnexpectedInput):
                raise _syntax_error(e, text, first_line) from None
            if isinstance(e, DedentError):
                raise _dedent_error(text, first_line) from None
            raise
        return _Builder(first_line - 1, literals).build(tree)
    finally:
        if collecting:
            gc.enable()


def edge_token(tree, last: bool):
    """The first (or last) token under a Lark tree, found without recursion
    (Lark's ``scan_values`` recurses, and blocks nest 1,000 deep)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, Token):
            return node
        kids = getattr(node, "children", None)
        if kids:
            stack.extend(kids if last else reversed(kids))
    return None


def _dedent_error(text: str, first_line: int) -> ScriptSyntaxError:
    """Python's IndentationError for a dedent to no enclosing level."""
    rows = text.split("\n")
    # NOTE: lines inside brackets don't count; when strings fool the bracket
    # count (a triple-quoted string over lines), every line counts.
    n = _bad_dedent_line(rows, True) or _bad_dedent_line(rows, False) or (len(rows), 0)
    line_no, indent = n[0] + first_line - 1, n[1]
    return ScriptSyntaxError("unindent does not match any outer indentation level",
                             Span(line_no, indent + 1, line_no, indent + 2), kind="IndentationError")


def _bad_dedent_line(rows: list, brackets: bool):
    """(line, indent) of the first line that dedents to no enclosing level, or None."""
    levels, depth = [0], 0
    for n, line in enumerate(rows, 1):
        body = line.lstrip(" \t")
        if depth == 0 and body and not body.startswith("#"):
            indent = len(line) - len(body)
            if indent > levels[-1]:
                levels.append(indent)
            else:
                while indent < levels[-1]:
                    levels.pop()
                if indent != levels[-1]:
                    return n, indent
        if brackets:
            depth = max(depth + _bracket_balance(body), 0)
    return None


def _bracket_balance(line: str) -> int:
    """Brackets opened less closed on one line, outside strings and comments."""
    balance, quote, escaped = 0, None, False
    for c in line:
        if quote is not None:
            if escaped:
                escaped = False
            elif c == "\\":
                escaped = True
            elif c == quote:
                quote = None
        elif c in "'\"":
            quote = c
        elif c == "#":
            break
        else:
            balance += (c in "([{") - (c in ")]}")
    return balance


def parse_module(source: str) -> A.Module:
    cells, notebook = split_cells(source)
    out = []
    for first_line, text in cells:
        try:
            out.append(A.Cell(parse_cell(text, first_line), first_line))
        except ScriptSyntaxError as err:
            if not notebook:
                raise
            out.append(A.Cell((), first_line, err))
    return A.Module(tuple(out), notebook)


# ***** syntax errors *****

_TOKEN_WORDS = {
    "NAME": "a name", "NUMBER": "a number", "STRING": "a string",
    "_NEWLINE": "the end of the line", "$END": "the end of the input",
    "_INDENT": "an indented block", "_DEDENT": "the end of the block",
}


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


def _syntax_error(e, text: str, first_line: int) -> ScriptSyntaxError:
    from .lalr_parser import UnexpectedCharacters, UnexpectedToken
    off = first_line - 1
    unclosed = _unclosed_bracket(text)
    token = getattr(e, "token", None)
    at_end = token is not None and token.type in ("$END", "_DEDENT")
    if unclosed is not None and (at_end or isinstance(e, UnexpectedToken) and token.type == "_NEWLINE"):
        line, col, ch = unclosed
        return ScriptSyntaxError(f"'{ch}' was never closed",
                                 Span(line + off, col, line + off, col + 1),
                                 f"add the matching '{ {'(': ')', '[': ']', '{': '}'}[ch] }'")
    line, col = getattr(e, "line", 1) or 1, getattr(e, "column", 1) or 1
    src_lines = text.split("\n")
    if token is not None and token.type == "_INDENT":
        line += 1
        col = len(src_lines[line - 1]) - len(src_lines[line - 1].lstrip()) + 1 if line <= len(src_lines) else 1
    construct = _unsupported_construct(src_lines, line)
    if construct is not None:
        kw, kcol = construct
        what = {"class": "class definitions ('class')", "async": "'async' functions and statements",
                "await": "'await' expressions", "%": "IPython magics ('%...')",
                "!": "IPython shell commands ('!...')"}.get(kw, f"'{kw}' statements")
        return ScriptSyntaxError(f"{what} are not supported", Span(line + off, kcol, line + off, kcol + len(kw)),
                                 _UNSUPPORTED_HINTS.get(kw))
    if isinstance(e, UnexpectedCharacters):
        # NOTE: lines split at "\n" only, as the grammar counts them (str.splitlines
        # also splits at \x1c-\x1e, \x85, \u2028...).
        rows = text.split("\n")
        row = rows[line - 1] if 0 < line <= len(rows) else ""
        ch = row[col - 1] if 0 < col <= len(row) else "?"
        return ScriptSyntaxError(f"invalid character {ch!r}", Span(line + off, col, line + off, col + 1))
    if token is not None and token.type in ("$END",):
        lines = text.rstrip("\n").split("\n")
        line, col = len(lines), len(lines[-1]) + 1
        return ScriptSyntaxError("unexpected end of input", Span(line + off, col, line + off, col + 1))
    expected = set(getattr(e, "expected", None) or getattr(e, "allowed", None) or ())
    words = []
    if {"NAME", "NUMBER"} <= expected:
        words.append("an expression")
        expected -= {"NAME", "NUMBER", "STRING", "LPAR", "LSQB", "LBRACE", "MINUS", "PLUS", "TILDE", "NOT",
                     "NONE", "TRUE", "FALSE", "LAMBDA", "__ANON_0", "ELLIPSIS"}
    words += sorted(_describe(t) for t in expected if not t.startswith("__"))
    if token is not None and token.type == "_INDENT":
        msg = "unexpected indent"
    elif token is not None and token.type == "_NEWLINE":
        msg = "unexpected end of the line"
    elif token is not None:
        msg = f"unexpected {token.value!r}"
    else:
        msg = "invalid syntax"
    hint = None
    if token is not None and token.type in ("NAME", "NUMBER", "STRING") and "COMMA" in expected:
        hint = "is an operator or a comma missing before it?"
    elif words and not (token is not None and token.type == "_INDENT"):
        shown = ", ".join(words[:8]) + (", ..." if len(words) > 8 else "")
        hint = f"expected {shown}"
    width = max(1, len(str(token.value)) if token is not None and token.type not in ("_NEWLINE", "_DEDENT", "_INDENT") else 1)
    return ScriptSyntaxError(msg, Span(line + off, col, line + off, col + width), hint)


_BLOCK_WORDS = r"\s*(class|try|except|finally|async|await|yield|raise|global|nonlocal)\b|\s*(match)\s+[^=\s(][^=]*:\s*$|\s*([%!])"


def _unsupported_construct(src_lines, line):
    """(keyword, column) when the error line starts with a construct the
    language leaves out, or holds a ``{`` display."""
    if not 1 <= line <= len(src_lines):
        return None
    text = src_lines[line - 1]
    m = re.match(_BLOCK_WORDS, text)
    if m:
        g = 1 if m.group(1) else 2 if m.group(2) else 3
        return m.group(g), m.start(g) + 1
    return None


def _unclosed_bracket(text: str):
    """The innermost bracket left open (skipping strings and comments)."""
    stack, line, col, i, n = [], 1, 1, 0, len(text)
    pairs = {")": "(", "]": "[", "}": "{"}
    while i < n:
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if c in "'\"":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            col += j - i + 1
            i = j + 1
            continue
        if c == "\n":
            line, col = line + 1, 1
            i += 1
            continue
        if c in "([{":
            stack.append((line, col, c))
        elif c in ")]}":
            if stack and stack[-1][2] == pairs[c]:
                stack.pop()
        i += 1
        col += 1
    return stack[-1] if stack else None


# ***** Lark tree → AST *****

def _span_of(meta_or_tok, off: int) -> Span:
    m = meta_or_tok
    return Span(m.line + off, m.column, m.end_line + off, m.end_column)


_BINOP_TOKENS = {"^": "**"}
_SPANNED = (A.Node, Token)


class _Builder:
    """One bottom-up pass over the tree; each rule has a method ``r_<rule>``."""

    def __init__(self, line_offset: int, literals: dict):
        self.off = line_offset
        self.literals = literals

    def build(self, tree) -> tuple:
        # Subtrees in pre-order (children pushed last-first); reversed, every
        # child comes before its parent. No recursion, no visited set (a
        # parse tree shares no subtrees).
        order, stack = [], [tree]
        while stack:
            sub = stack.pop()
            order.append(sub)
            stack.extend(ch for ch in sub.children if type(ch) is Tree)
        done, errors, rules, span_of = {}, [], {}, self._span
        for sub in reversed(order):
            kids = [done.pop(id(ch)) if type(ch) is Tree else ch for ch in sub.children]
            data = sub.data
            span = None if data == "start" else span_of(kids, sub)
            if errors and any(k is _FAILED for k in kids):
                done[id(sub)] = _FAILED
                continue
            rule = rules.get(data)
            if rule is None:
                rule = rules[data] = getattr(self, "r_" + data)
            try:
                done[id(sub)] = rule(kids, span)
            except ScriptSyntaxError as err:      # report the first in source order
                errors.append(err)
                done[id(sub)] = _FAILED
        if errors:
            raise min(errors, key=lambda e: (e.span.line, e.span.column))
        return tuple(done[id(tree)])

    def _span(self, kids, sub) -> Span:
        """From the first to the last token or node below (brackets are kept
        as tokens for this), without Lark's slower position propagation."""
        first = last = None
        for k in kids:
            if isinstance(k, _SPANNED):
                first = k
                break
        if first is None:                 # e.g. import statements: scan the tokens
            first, last = edge_token(sub, last=False), edge_token(sub, last=True)
            if first is None:
                return Span(1 + self.off, 1, 1 + self.off, 1)
        else:
            for k in reversed(kids):
                if isinstance(k, _SPANNED):
                    last = k
                    break
        if type(first) is Token:
            line, column = first.line + self.off, first.column
        else:
            line, column = first.span[:2]
        if type(last) is Token:
            return Span(line, column, last.end_line + self.off, last.end_column)
        b = last.span
        return Span(line, column, b.end_line, b.end_column)

    def sp(self, tok) -> Span:
        return _span_of(tok, self.off)

    # ----- statements -----
    def r_start(self, kids, span):
        out = []
        for k in kids:
            if k is None:
                continue
            if isinstance(k, list):
                out.extend(k)
            else:
                out.append(k)
        return out

    def r_simple_stmt(self, kids, span):
        return [k for k in kids if k is not None]

    def r_suite(self, kids, span):
        return tuple(self.r_start(kids, span))

    def r_expr_stmt(self, kids, span):
        return A.Expr(span, kids[0])

    def r_assign(self, kids, span):
        *targets, value = kids
        for t in targets:
            self.check_target(t)
        return A.Assign(span, tuple(targets), value)

    def r_augassign(self, kids, span):
        target, op, value = kids
        if not isinstance(target, (A.Name, A.Subscript, A.Attribute)):
            raise ScriptSyntaxError(f"'{_describe_node(target)}' is an illegal expression for augmented assignment", target.span)
        return A.AugAssign(span, target, _BINOP_TOKENS.get(op[:-1], op[:-1]), value)

    def check_target(self, t):
        stack = [t]
        while stack:
            node = stack.pop()
            if isinstance(node, (A.Tuple, A.List)):
                starred = [e for e in node.elts if type(e) is A.Starred]
                if len(starred) > 1:
                    raise ScriptSyntaxError("multiple starred expressions in assignment", starred[1].span)
                stack.extend(e.value if type(e) is A.Starred else e for e in node.elts)
            elif type(node) is A.Starred:
                raise ScriptSyntaxError("starred assignment target must be in a list or tuple", node.span)
            elif not isinstance(node, (A.Name, A.Subscript, A.Attribute)):
                raise ScriptSyntaxError(f"cannot assign to {_describe_node(node)}", node.span,
                                        "Maybe you meant '==' instead of '='?" if isinstance(node, (A.Call, A.Constant, A.BinOp)) else None)

    def r_pass_stmt(self, kids, span):
        return A.Pass(span)

    def r_del_stmt(self, kids, span):
        t = kids[0]
        targets = t.elts if isinstance(t, A.Tuple) else (t,)
        for x in targets:
            if not isinstance(x, (A.Name, A.Subscript, A.Attribute)):
                raise ScriptSyntaxError(f"cannot delete {_describe_node(x)}", x.span)
        return A.Delete(span, tuple(targets))

    def r_assert_stmt(self, kids, span):
        return A.Assert(span, kids[0], kids[1])

    def r_dotted_name(self, kids, span):
        return ".".join(str(k) for k in kids)

    def r_dotted_as_name(self, kids, span):
        return (kids[0], str(kids[1]) if kids[1] is not None else None)

    def r_import_as_name(self, kids, span):
        return (str(kids[0]), str(kids[1]) if kids[1] is not None else None)

    def r_import_names(self, kids, span):
        return A.Import(span, tuple(kids))

    def r_import_targets(self, kids, span):
        return tuple(k for k in kids if k is not None)

    def r_import_star(self, kids, span):
        return (("*", None),)

    def r_import_from(self, kids, span):
        return A.ImportFrom(span, kids[0], kids[1])

    def r_unsupported_simple(self, kids, span):
        kw = str(kids[0])
        raise ScriptSyntaxError(f"'{kw}' statements are not supported", self.sp(kids[0]), _UNSUPPORTED_HINTS.get(kw))

    def r_with_item(self, kids, span):
        return (kids[0], str(kids[1]) if kids[1] is not None else None)

    def r_with_stmt(self, kids, span):
        *items, body = kids
        return A.With(span, tuple(items), body)

    def r_for_stmt(self, kids, span):
        target, it, body, orelse = kids
        self.check_target(target)
        return A.For(span, target, it, body, orelse or ())

    def r_while_stmt(self, kids, span):
        test, body, orelse = kids
        return A.While(span, test, body, orelse or ())

    def r_else_clause(self, kids, span):
        return kids[0]

    def r_elif_clause(self, kids, span):
        return A.If(span, kids[0], kids[1], ())

    def r_if_stmt(self, kids, span):
        test, body, *elifs, orelse = kids
        orelse = orelse or ()
        for clause in reversed(elifs):
            clause.orelse = orelse
            orelse = (clause,)
        return A.If(span, test, body, orelse)

    # ----- expressions -----
    def r_name(self, kids, span):
        name = str(kids[0])
        if name in self.literals:
            value, is_matrix, lit_span = self.literals[name]
            return A.ArrayLiteral(lit_span, value, is_matrix)
        return A.Name(span, name)

    def r_number(self, kids, span):
        text = str(kids[0])
        if text[-1] in "jJ":
            raise ScriptSyntaxError("complex numbers are not supported", span)
        try:
            if re.fullmatch(r"0[xXoObB][\da-fA-F_]+|\d[\d_]*", text):
                if len(text) > 1 and text[0] == "0" and text[1].isdigit() and text.strip("0_"):
                    raise ValueError
                return A.Constant(span, int(text, 0))
            return A.Constant(span, float(text))
        except ValueError:
            raise ScriptSyntaxError(f"invalid number literal {text!r}", span) from None

    def r_strings(self, kids, span):
        parts = []
        for tok in kids:
            text = str(tok)
            if "f" in re.match(_STRING_PREFIX, text).group(1).lower():
                parts.extend(self.fstring(text, self.sp(tok)))
            else:
                parts.append(A.Constant(span, _read_string(text, self.sp(tok))))
        if all(type(p) is A.Constant for p in parts):
            return A.Constant(span, "".join(p.value for p in parts))
        return A.JoinedStr(span, tuple(_merge_constants(parts, span)))

    # ----- f-strings -----
    def fstring(self, text: str, span: Span, depth: int = 0):
        """The parts of one f-string token: Constants and FormattedValues."""
        prefix = re.match(_STRING_PREFIX, text).group(1).lower()
        if "b" in prefix:
            raise ScriptSyntaxError("bytes literals are not supported", span)
        body = text[len(prefix):]
        q = 3 if body[:3] in ('"""', "'''") else 1
        return self.fstring_body(body[q:-q], "r" in prefix, span, depth)

    def fstring_body(self, body: str, raw: bool, span: Span, depth: int):
        parts, buf, i, n = [], [], 0, len(body)

        def flush():
            if buf:
                chunk = "".join(buf)
                parts.append(A.Constant(span, chunk if raw else _unescape(chunk, span)))
                buf.clear()
        while i < n:
            c = body[i]
            if c == "{":
                if body.startswith("{", i + 1):
                    buf.append("{")
                    i += 2
                    continue
                flush()
                i = self.fstring_field(body, i + 1, raw, span, depth, parts)
            elif c == "}":
                if not body.startswith("}", i + 1):
                    raise ScriptSyntaxError("f-string: single '}' is not allowed", span)
                buf.append("}")
                i += 2
            else:
                buf.append(c)
                i += 1
        flush()
        return parts

    def fstring_field(self, body, i, raw, span, depth, parts):
        """Read the field starting after ``{`` at ``i``; return the index after its ``}``."""
        if depth >= 2:
            raise ScriptSyntaxError("f-string: expressions nested too deeply", span)
        n, start, nest, quote = len(body), i, 0, None
        while i < n:                       # the expression: up to a top-level ! : = or }
            c = body[i]
            if quote:
                if body.startswith(quote, i):
                    i += len(quote)
                    quote = None
                    continue
            elif c in "'\"":
                quote = body[i:i + 3] if body[i:i + 3] in ('"""', "'''") else c
                i += len(quote)
                continue
            elif c in "([{":
                nest += 1
            elif c in ")]}":
                if nest == 0:
                    break
                nest -= 1
            elif nest == 0 and c == "!" and not body.startswith("=", i + 1):
                break
            elif nest == 0 and c == ":":
                break
            elif nest == 0 and c == "=" and body[i + 1:i + 2] != "=" and body[i - 1:i] not in ("=", "!", "<", ">"):
                break
            if c == "\\":
                raise ScriptSyntaxError("f-string expression part cannot include a backslash", span)
            i += 1
        if i >= n:
            raise ScriptSyntaxError("f-string: expecting '}'", span)
        expr_text = body[start:i]
        if not expr_text.strip():
            raise ScriptSyntaxError("f-string: empty expression not allowed", span)
        if body[i] == "=":
            i += 1
            while i < n and body[i] in " \t":
                i += 1
            parts.append(A.Constant(span, expr_text + body[start + len(expr_text):i]))
            self_doc = True
        else:
            self_doc = False
        conversion = ""
        if i < n and body[i] == "!":
            conversion = body[i + 1:i + 2]
            if conversion not in ("r", "s", "a") or body[i + 2:i + 3] not in (":", "}"):
                raise ScriptSyntaxError("f-string: invalid conversion character: expected 's', 'r', or 'a'", span)
            i += 2
        spec = None
        if i < n and body[i] == ":":
            j, nest = i + 1, 0
            while j < n and (body[j] != "}" or nest):
                nest += {"{": 1, "}": -1}.get(body[j], 0)
                j += 1
            if j >= n:
                raise ScriptSyntaxError("f-string: expecting '}'", span)
            spec_parts = self.fstring_body(body[i + 1:j], raw, span, depth + 1)
            spec = A.JoinedStr(span, tuple(_merge_constants(spec_parts, span)))
            i = j
        if i >= n or body[i] != "}":
            raise ScriptSyntaxError("f-string: expecting '}'", span)
        if self_doc and not conversion and spec is None:
            conversion = "r"
        parts.append(A.FormattedValue(span, self.fstring_expression(expr_text, span), conversion, spec))
        return i + 1

    def fstring_expression(self, text: str, span: Span):
        """Parse the expression of an f-string field; every node gets the
        span of the whole string."""
        from .grammar import parse
        try:
            tree = parse("(" + text.strip() + "\n)\n")
        except Exception as e:      # noqa: BLE001 — Lark's errors, imported only when one happens
            from .lalr_parser import UnexpectedInput
            if not isinstance(e, UnexpectedInput):
                raise
            raise ScriptSyntaxError(f"f-string: invalid syntax in {{{text.strip()}}}", span) from None
        body = _Builder(self.off, {}).build(tree)
        if len(body) != 1 or type(body[0]) is not A.Expr:
            raise ScriptSyntaxError(f"f-string: invalid syntax in {{{text.strip()}}}", span)
        return _respan(body[0].value, span)

    def r_ellipsis(self, kids, span):
        return A.Constant(span, ...)

    def r_const_none(self, kids, span):
        return A.Constant(span, None)

    def r_const_true(self, kids, span):
        return A.Constant(span, True)

    def r_const_false(self, kids, span):
        return A.Constant(span, False)

    def r_paren(self, kids, span):
        inner = kids[1]
        if type(inner) is A.Starred:
            raise ScriptSyntaxError("cannot use starred expression here", inner.span)
        if inner is None:
            return A.Tuple(span, ())
        if isinstance(inner, A.Tuple):
            return A.Tuple(span, inner.elts)
        # The node keeps its type; its span now covers the parentheses, so
        # a chain like (x+2)*(x-2) shows its whole source text.
        return A.with_span(inner, span)

    def r_tuple(self, kids, span):
        return A.Tuple(span, tuple(k for k in kids if k is not None))

    def r_list_items(self, kids, span):
        return tuple(k for k in kids if k is not None)

    def r_list_display(self, kids, span):
        inner = kids[1]
        if type(inner) is _CompParts:
            return A.Comp(span, "list", None, inner.elt, inner.clauses)
        return A.List(span, inner if inner is not None else ())

    # ----- dict and set displays, comprehensions -----
    def r_brace_display(self, kids, span):
        inner = kids[1]
        if inner is None:
            return A.Dict(span, (), ())
        kind, a, b = inner
        if kind == "dict":
            return A.Dict(span, a, b)
        if kind == "set":
            return A.Set(span, a)
        if kind == "dict_comp":
            return A.Comp(span, "dict", a[0], a[1], b)
        return A.Comp(span, "set", None, a, b)

    def r_dict_pair(self, kids, span):
        return (kids[0], kids[1])

    def r_dict_unpack(self, kids, span):
        return (None, kids[0])

    def r_dict_items(self, kids, span):
        pairs = [k for k in kids if k is not None]
        return ("dict", tuple(k for k, _ in pairs), tuple(v for _, v in pairs))

    def r_set_items(self, kids, span):
        return ("set", tuple(k for k in kids if k is not None), None)

    def r_dict_comp(self, kids, span):
        if kids[0][0] is None:
            raise ScriptSyntaxError("dict unpacking cannot be used in dict comprehension", kids[0][1].span)
        return ("dict_comp", kids[0], kids[1])

    def r_set_comp(self, kids, span):
        return ("set_comp", kids[0], kids[1])

    def r_star_expr(self, kids, span):
        return A.Starred(span, kids[1])

    def r_comprehension(self, kids, span):
        return _CompParts(kids[0], kids[1])

    def r_genexp(self, kids, span):
        if type(kids[0]) is A.Starred:
            raise ScriptSyntaxError("iterable unpacking cannot be used in comprehension", kids[0].span)
        return A.Comp(span, "gen", None, kids[0], kids[1])

    def r_comp_for(self, kids, span):
        target, it = kids
        self.check_target(target)
        return A.Comprehension(span, target, it, [])

    def r_comp_if(self, kids, span):
        return ("if", kids[0])

    def r_comp_clauses(self, kids, span):
        out = []
        for k in kids:
            if type(k) is A.Comprehension:
                out.append(k)
            else:
                out[-1].ifs.append(k[1])
        for c in out:
            c.ifs = tuple(c.ifs)
        return tuple(out)

    def r_matrix_row(self, kids, span):
        return tuple(k for k in kids if k is not None)

    def r_matrix_rows(self, kids, span):
        return tuple(k for k in kids if k is not None)

    def r_matrix(self, kids, span):
        for row in kids[1]:
            for e in row:
                if type(e) is A.Starred:
                    raise ScriptSyntaxError("cannot use starred expression here", e.span)
        return A.Matrix(span, kids[1])

    def r_or_test(self, kids, span):
        return A.BoolOp(span, "or", tuple(kids))

    def r_and_test(self, kids, span):
        return A.BoolOp(span, "and", tuple(kids))

    def r_not_test(self, kids, span):
        return A.UnaryOp(span, "not", kids[0])

    def r_comparison(self, kids, span):
        left, ops, comps, pending = kids[0], [], [], []
        for k in kids[1:]:
            if isinstance(k, A.Node):
                ops.append(" ".join(pending))
                comps.append(k)
                pending = []
            else:
                pending.append(str(k))
        return A.Compare(span, left, tuple(ops), tuple(comps))

    def _chain(self, kids, span):
        node = kids[0]
        for i in range(1, len(kids), 2):
            tok, right = kids[i], kids[i + 1]
            s = Span(node.span.line, node.span.column, right.span.end_line, right.span.end_column)
            node = A.BinOp(s, _BINOP_TOKENS.get(str(tok), str(tok)), node, right, self.sp(tok))
        return node

    r_arith_expr = r_term = _chain

    def r_or_expr(self, kids, span):
        return self._chain(_with_ops(kids, "|"), span)

    def r_and_expr(self, kids, span):
        return self._chain(_with_ops(kids, "&"), span)

    def r_power(self, kids, span):
        base, tok, exp = kids
        return A.BinOp(span, "**", base, exp, self.sp(tok))

    def r_unary(self, kids, span):
        return A.UnaryOp(span, str(kids[0]), kids[1])

    def r_ifexp(self, kids, span):
        body, test, orelse = kids
        return A.IfExp(span, test, body, orelse)

    # ----- functions -----
    def r_param(self, kids, span):
        return ("param", str(kids[0]), kids[-1], span)

    def r_lambda_param(self, kids, span):
        return ("param", str(kids[0]), kids[1], span)

    def r_star_param(self, kids, span):
        return ("*", str(kids[0]) if kids[0] is not None else None, None, span)

    r_lambda_star_param = r_star_param

    def r_kwstar_param(self, kids, span):
        return ("**", str(kids[0]), None, span)

    def r_posonly_marker(self, kids, span):
        return ("/", None, None, span)

    def r_parameters(self, kids, span):
        positional, kwonly, vararg, kwarg, seen = [], [], None, None, set()
        star_seen = default_seen = False
        for kind, name, default, pspan in (k for k in kids if k is not None):
            if kwarg is not None:
                raise ScriptSyntaxError("arguments cannot follow var-keyword argument", pspan)
            if name is not None:
                if name in seen:
                    raise ScriptSyntaxError(f"duplicate argument '{name}' in function definition", pspan)
                seen.add(name)
            if kind == "param":
                if star_seen:
                    kwonly.append((name, default))
                else:
                    if default is None and default_seen:
                        raise ScriptSyntaxError("non-default argument follows default argument", pspan)
                    default_seen = default_seen or default is not None
                    positional.append((name, default))
            elif kind == "*":
                if star_seen:
                    raise ScriptSyntaxError("* argument may appear only once", pspan)
                star_seen, vararg = True, name
            elif kind == "**":
                kwarg = name
            # "/" (positional-only marker): accepted, parameters stay as they are
        if star_seen and vararg is None and not kwonly:
            raise ScriptSyntaxError("named arguments must follow bare *", span)
        return A.Params(tuple(positional), vararg, tuple(kwonly), kwarg)

    r_lambda_params = r_parameters

    def r_lambdef(self, kids, span):
        return A.Lambda(span, kids[0] or A.Params(), kids[1])

    def r_funcdef(self, kids, span):
        name, _, params, _, _returns, body = kids
        return A.FunctionDef(span, str(name), params or A.Params(), body)

    def r_decorator(self, kids, span):
        return kids[0]

    def r_decorated(self, kids, span):
        *decorators, fn = kids
        fn.decorators = tuple(decorators)
        return fn

    def r_return_stmt(self, kids, span):
        return A.Return(span, kids[1])

    def r_break_stmt(self, kids, span):
        return A.Break(span)

    def r_continue_stmt(self, kids, span):
        return A.Continue(span)

    def r_kwarg(self, kids, span):
        return A.Keyword(span, str(kids[0]), kids[1])

    def r_star_arg(self, kids, span):
        return A.Starred(span, kids[0])

    def r_star_kwarg(self, kids, span):
        return A.Keyword(span, None, kids[0])

    def r_arguments(self, kids, span):
        args, kws, seen = [], [], set()
        for k in kids:
            if k is None:
                continue
            if isinstance(k, A.Keyword):
                if k.arg is not None and k.arg in seen:
                    raise ScriptSyntaxError(f"keyword argument repeated: {k.arg}", k.span)
                seen.add(k.arg)
                kws.append(k)
            else:
                if kws and not isinstance(k, A.Starred):
                    raise ScriptSyntaxError("positional argument follows keyword argument", k.span)
                args.append(k)
        return (tuple(args), tuple(kws))

    def r_call(self, kids, span):
        func, _, arguments, _ = kids
        args, kws = arguments if arguments is not None else ((), ())
        return A.Call(span, func, args, kws)

    def r_attribute(self, kids, span):
        return A.Attribute(span, kids[0], str(kids[1]))

    def r_slice(self, kids, span):
        return A.Slice(span, kids[0], kids[1], kids[2])

    def r_subscriptlist(self, kids, span):
        return tuple(k for k in kids if k is not None)

    def r_subscript(self, kids, span):
        value, _, items, _ = kids
        return A.Subscript(span, value, items, len(items) > 1)


_FAILED = object()          # a subtree that raised a syntax error


class _CompParts:
    """``elt for ...`` inside brackets, before the brackets say which kind."""
    __slots__ = ("elt", "clauses")

    def __init__(self, elt, clauses):
        self.elt = elt
        self.clauses = clauses


def _with_ops(kids, op):
    """``a | b`` keeps no operator token; put it back for ``_chain``."""
    out = [kids[0]]
    for k in kids[1:]:
        out.extend((_FakeTok(op, k.span), k))
    return out


class _FakeTok(str):
    def __new__(cls, value, span):
        s = str.__new__(cls, value)
        s.line, s.column, s.end_line, s.end_column = span.line, span.column, span.line, span.column
        return s


def _describe_node(node) -> str:
    return {A.Call: "function call", A.Constant: "literal", A.BinOp: "expression",
            A.UnaryOp: "expression", A.Compare: "comparison", A.Lambda: "lambda",
            A.BoolOp: "expression", A.IfExp: "conditional expression",
            A.List: "list", A.Matrix: "literal", A.ArrayLiteral: "literal"}.get(type(node), "expression")


_STRING_PREFIX = r"^([a-zA-Z]*)"


def _merge_constants(parts, span):
    out = []
    for p in parts:
        if type(p) is A.Constant and out and type(out[-1]) is A.Constant:
            out[-1] = A.Constant(span, out[-1].value + p.value)
        elif not (type(p) is A.Constant and p.value == ""):
            out.append(p)
    return out


def _respan(root, span):
    """Give ``root`` and every node below it ``span`` (iteratively)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, A.Node):
            node.span = span
            if type(node) is A.BinOp:
                node.op_span = span
            stack.extend(getattr(node, f) for f in node._fields)
        elif isinstance(node, (tuple, list)):
            stack.extend(node)
        elif isinstance(node, A.Params):
            stack.extend(d for _, d in node.positional + node.kwonly)
    return root


def _unescape(body: str, span) -> str:
    if "\\" not in body:
        return body
    try:
        return body.encode("latin-1", "backslashreplace").decode("unicode_escape")
    except UnicodeDecodeError:
        raise ScriptSyntaxError("invalid escape sequence in string", span) from None


def _read_string(text: str, span: Span) -> str:
    prefix = re.match(_STRING_PREFIX, text).group(1).lower()
    if "b" in prefix:
        raise ScriptSyntaxError("bytes literals are not supported", span)
    body = text[len(prefix):]
    q = 3 if body[:3] in ('"""', "'''") else 1
    body = body[q:-q]
    return body if "r" in prefix else _unescape(body, span)
