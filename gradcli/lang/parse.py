"""Source text → AST: cells, the literal fast path, Lark, and syntax errors.

The Lark tree is turned into the AST of ``ast.py`` by one iterative
bottom-up pass (``Tree.iter_subtrees``), so deeply nested source never
recurses in Python. Every node gets the span from its first to its last
token (brackets are named terminals, kept in the tree for this).
"""
from __future__ import annotations

import re

from lark import Token

from . import ast as A
from .literals import lift_literals
from ..errors import ScriptSyntaxError, Span

_CELL_MARK = re.compile(r"^# ?%%", re.MULTILINE)

_UNSUPPORTED_HINTS = {
    "def": "use `lambda x: ...` where an API takes a function",
    "class": "gradcli scripts work with tensors only",
    "if": "use a conditional expression `a if cond else b`, or torch.where(cond, a, b)",
    "elif": "use a conditional expression `a if cond else b`, or torch.where(cond, a, b)",
    "else": "use a conditional expression `a if cond else b`, or torch.where(cond, a, b)",
    "while": "use `for i in range(n):`",
    "try": "errors end the cell they happen in; the next cell still runs",
    "except": "errors end the cell they happen in; the next cell still runs",
    "finally": "errors end the cell they happen in; the next cell still runs",
    "return": "gradcli scripts have no functions; `lambda` returns its expression",
    "yield": "gradcli scripts have no generators",
    "raise": "use `assert condition, \"message\"`",
    "break": "loops run over the whole range",
    "continue": "loops run over the whole range",
}


def split_cells(source: str):
    """``[(first_line, text)]``: one cell for a plain script, else a cell for
    each ``# %%`` marker (text before the first marker is a cell too)."""
    marks = [m.start() for m in _CELL_MARK.finditer(source)] if "%%" in source else []
    if not marks:
        return [(1, source)], False
    cells, starts = [], ([0] if marks[0] > 0 else []) + marks
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(source)
        cells.append((source.count("\n", 0, start) + 1, source[start:end]))
    return cells, True


def parse_cell(text: str, first_line: int = 1) -> tuple:
    """Parse one cell's text into a tuple of statements."""
    from lark.exceptions import UnexpectedInput
    from .grammar import get_parser

    lifted, literals = lift_literals(text)
    if not lifted.endswith("\n"):
        lifted += "\n"
    try:
        tree = get_parser().parse(lifted)
    except UnexpectedInput as e:
        raise _syntax_error(e, text, first_line) from None
    return _Builder(first_line - 1, literals).build(tree)


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
    from lark.exceptions import UnexpectedToken, UnexpectedCharacters
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
        what = {"def": "function definitions ('def')", "class": "class definitions ('class')",
                "{": "dict and set displays ('{...}')"}.get(kw, f"'{kw}' statements")
        return ScriptSyntaxError(f"{what} are not supported", Span(line + off, kcol, line + off, kcol + len(kw)),
                                 _UNSUPPORTED_HINTS.get(kw))
    if isinstance(e, UnexpectedCharacters):
        ch = text.splitlines()[line - 1][col - 1] if line - 1 < len(text.splitlines()) else "?"
        return ScriptSyntaxError(f"invalid character {ch!r}", Span(line + off, col, line + off, col + 1))
    if token is not None and token.type in ("$END",):
        lines = text.rstrip("\n").split("\n")
        line, col = len(lines), len(lines[-1]) + 1
        return ScriptSyntaxError("unexpected end of input", Span(line + off, col, line + off, col + 1))
    expected = set(getattr(e, "expected", None) or getattr(e, "allowed", None) or ())
    words = []
    if {"NAME", "NUMBER"} <= expected:
        words.append("an expression")
        expected -= {"NAME", "NUMBER", "STRING", "LPAR", "LSQB", "MINUS", "PLUS", "TILDE", "NOT",
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


_BLOCK_WORDS = re.compile(r"\s*(def|class|if|elif|else|while|try|except|finally|with\s+\w+\s+as\s+\w+\s*,|async|match|return|yield|raise|break|continue|global|nonlocal)\b")


def _unsupported_construct(src_lines, line):
    """(keyword, column) when the error line starts with a construct the
    language leaves out, or holds a ``{`` display."""
    if not 1 <= line <= len(src_lines):
        return None
    text = src_lines[line - 1]
    m = _BLOCK_WORDS.match(text)
    if m and not m.group(1).startswith("with"):
        return m.group(1), m.start(1) + 1
    brace = text.find("{")
    if brace >= 0 and "#" not in text[:brace] and '"' not in text[:brace] and "'" not in text[:brace]:
        return "{", brace + 1
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


class _Builder:
    """One bottom-up pass over the tree; each rule has a method ``r_<rule>``."""

    def __init__(self, line_offset: int, literals: dict):
        self.off = line_offset
        self.literals = literals

    def build(self, tree) -> tuple:
        done, errors = {}, []
        for sub in tree.iter_subtrees():
            kids = []
            for ch in sub.children:
                kids.append(done.pop(id(ch)) if ch is not None and not isinstance(ch, Token) else ch)
            span = None if sub.data == "start" else self._span(kids, sub)
            if any(k is _FAILED for k in kids):
                done[id(sub)] = _FAILED
                continue
            try:
                done[id(sub)] = getattr(self, "r_" + sub.data)(kids, span)
            except ScriptSyntaxError as err:      # report the first in source order
                errors.append(err)
                done[id(sub)] = _FAILED
        if errors:
            raise min(errors, key=lambda e: (e.span.line, e.span.column))
        return tuple(done[id(tree)])

    def _span(self, kids, sub) -> Span:
        """From the first to the last token or node below (brackets are kept
        as tokens for this), without Lark's slower position propagation."""
        first = next((k for k in kids if isinstance(k, (A.Node, Token))), None)
        if first is None:                 # e.g. import statements: scan the tokens
            toks = list(sub.scan_values(lambda v: isinstance(v, Token)))
            if not toks:
                return Span(1 + self.off, 1, 1 + self.off, 1)
            first, last = toks[0], toks[-1]
        else:
            last = next(k for k in reversed(kids) if isinstance(k, (A.Node, Token)))
        a = first.span if isinstance(first, A.Node) else self.sp(first)
        b = last.span if isinstance(last, A.Node) else self.sp(last)
        return Span(a.line, a.column, b.end_line, b.end_column)

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
                stack.extend(node.elts)
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
        target, it, body = kids
        self.check_target(target)
        return A.For(span, target, it, body)

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
            parts.append(_read_string(str(tok), self.sp(tok)))
        return A.Constant(span, "".join(parts))

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
        self._no_comprehension(inner, span)
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
        self._no_comprehension(kids[1], span)
        return A.List(span, kids[1] if kids[1] is not None else ())

    def r_matrix_row(self, kids, span):
        return tuple(k for k in kids if k is not None)

    def r_matrix_rows(self, kids, span):
        return tuple(k for k in kids if k is not None)

    def r_matrix(self, kids, span):
        return A.Matrix(span, kids[1])

    def r_unsupported_comprehension(self, kids, span):
        return _COMPREHENSION

    def _no_comprehension(self, kid, span):
        if kid is _COMPREHENSION:
            raise ScriptSyntaxError("comprehensions are not supported", span,
                                    "use torch operations on whole tensors, or a `for i in range(n):` loop")

    def r_comp_for(self, kids, span):
        return None

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

    def r_lambda_params(self, kids, span):
        names = tuple(str(k) for k in kids if k is not None)
        if len(set(names)) != len(names):
            raise ScriptSyntaxError("duplicate argument in lambda definition", span)
        return names

    def r_lambdef(self, kids, span):
        return A.Lambda(span, kids[0] or (), kids[1])

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
_COMPREHENSION = object()   # reported by the enclosing bracket, with its span


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


_STRING_PREFIX = re.compile(r"^([a-zA-Z]*)")


def _read_string(text: str, span: Span) -> str:
    prefix = _STRING_PREFIX.match(text).group(1).lower()
    if "f" in prefix:
        raise ScriptSyntaxError("f-strings are not supported", span,
                                "pass the values to print: print('x =', x)")
    if "b" in prefix:
        raise ScriptSyntaxError("bytes literals are not supported", span)
    body = text[len(prefix):]
    q = 3 if body[:3] in ('"""', "'''") else 1
    body = body[q:-q]
    if "r" in prefix or "\\" not in body:
        return body
    try:
        return body.encode("latin-1", "backslashreplace").decode("unicode_escape")
    except UnicodeDecodeError:
        raise ScriptSyntaxError("invalid escape sequence in string", span) from None
