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
# Python's hard keywords (CPython 3.11): never names.
HARD_KEYWORDS = frozenset((
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
    "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield"))


def split_cells(source: str):
    """``[(first_line, text)]``: one cell for a plain script, else a cell for
    each ``# %%`` marker (text before the first marker is a cell too)."""
    # NOTE: "%" in source first: a one-character search is a C memchr, a
    # two-character one several times slower over an 8 MB literal
    marks = [m.start() for m in re.finditer(_CELL_MARK, source)] if "%" in source and "%%" in source else []
    if not marks:
        return [(1, source)], False
    cells, starts = [], ([0] if marks[0] > 0 else []) + marks
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(source)
        cells.append((source.count("\n", 0, start) + 1, source[start:end]))
    return cells, True


def parse_cell(text: str, first_line: int = 1) -> tuple:
    """Parse one cell's text into a tuple of statements."""
    lifted, literals = lift_literals(text)
    if not lifted.endswith("\n"):
        lifted += "\n"
    # NOTE: parsing makes many objects and no cycles; the collector only slows it.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _parse_built(lifted, first_line - 1, literals)
    except ScriptSyntaxError as err:
        # NOTE: Python's tokenizer errors (a literal like 007) come before its parser's.
        from .syntax_errors import tokenizer_error
        raise tokenizer_error(lifted, first_line) or err from None
    except Exception as e:      # noqa: BLE001 — Lark's errors, imported only when one happens
        from .lalr_parser import DedentError, UnexpectedInput
        if isinstance(e, (UnexpectedInput, DedentError)):
            from .syntax_errors import syntax_error
            raise syntax_error(e, lifted, first_line) from None
        raise
    finally:
        if collecting:
            gc.enable()


def _parse_built(text: str, line_offset: int, literals: dict) -> tuple:
    """The statements of ``text``, their AST built as the grammar's parser
    reduces each rule: the grammar's errors (Lark's) or the first syntax
    error of the AST's rules (ScriptSyntaxError)."""
    from .grammar import parse
    builder = _Builder(line_offset, literals)
    root = parse(text, builder.node)
    if type(root) is Tree:          # Lark's tree, of input the tables rejected
        return _Builder(line_offset, literals).build(root)
    return builder.finish(root)


def builder_error(text: str, first_line: int):
    """The first error the AST builder finds in ``text``, where the grammar
    accepts it (else None), leaving out Python's compile-time errors
    (``'return' outside function``...), which come after all others."""
    try:
        _parse_built(text, first_line - 1, {})
    except ScriptSyntaxError as err:
        return None if err.message in JUMP_MESSAGES.values() else err
    except Exception:       # noqa: BLE001 — the grammar rejects it: nothing to say here
        return None
    return None


def parse_module(source: str) -> A.Module:
    cells, notebook = split_cells(source)
    out = []
    for first_line, text in cells:
        try:
            if text[:1] in (" ", "\t", "\f"):
                _check_first_indent(text, first_line)
            out.append(A.Cell(parse_cell(text, first_line), first_line))
        except ScriptSyntaxError as err:
            if not notebook:
                raise
            out.append(A.Cell((), first_line, err))
    return A.Module(tuple(out), notebook)


def _check_first_indent(text: str, first_line: int):
    """Python's "unexpected indent" for a script whose first statement is
    indented (the grammar's indenter only sees indentation after a newline)."""
    for n, row in enumerate(text.split("\n")):
        body = row.lstrip(" \t\f")
        if body and not body.startswith("#") and body != "\r":
            if len(body) < len(row):
                line = first_line + n
                width = len(row) - len(body)
                raise ScriptSyntaxError("unexpected indent", Span(line, width, line, width + 1),
                                        kind="IndentationError")
            return


# ***** Lark tree → AST *****

def _span_of(meta_or_tok, off: int) -> Span:
    m = meta_or_tok
    return Span(m.line + off, m.column, m.end_line + off, m.end_column)


_BINOP_TOKENS = {"^": "**"}
# NOTE: a Span (a NamedTuple) made with tuple.__new__ skips the generated
# __new__, a Python call per node; the tuple is the same.
_new_span = tuple.__new__
_SPANNED = (A.Node, Token)


class _Builder:
    """Builds the AST bottom-up, one rule's node at a time (``node``): as
    the parser reduces each rule (``parse_cell``), or over a whole Lark
    tree (``build``); each rule has a method ``r_<rule>``."""

    _RULES: dict = {}       # rule name → its r_<rule> function (found once)

    def __init__(self, line_offset: int, literals: dict):
        self.off = line_offset
        self.literals = literals
        self.jumps = []         # return/break/continue not yet inside a def or loop
        self.errors = []        # syntax errors of rules, reported after the parse
        # NOTE: the children of each value built, for the span of a node none
        # of whose own children has a span (an import's names, a with's items
        # and block): the first and last token below are found through them
        # (``_edge``). Values are keyed by id: every one is made by ``node``,
        # and stays alive while the parse holds it.
        self.kids = {}

    def node(self, name: str, kids: list):
        """The AST node (or the value) that rule ``name`` makes of its
        children's, built; ``_FAILED`` after a syntax error (the first in
        source order is raised at the end, see ``finish``)."""
        errors = self.errors
        if errors and any(k is _FAILED for k in kids):
            return _FAILED
        rule = self._RULES.get(name)
        if rule is None:
            rule = self._RULES[name] = getattr(_Builder, "r_" + name)
        try:
            value = rule(self, kids, None if name == "start" else self._span(kids))
        except ScriptSyntaxError as err:
            errors.append(err)
            return _FAILED
        if value is not None:
            self.kids[id(value)] = kids
        return value

    def finish(self, root) -> tuple:
        """The statements of the root's value, or the first syntax error."""
        if self.errors:
            raise min(self.errors, key=lambda e: (e.span.line, e.span.column))
        if self.jumps:
            raise _jump_error(min(self.jumps, key=lambda n: n.span[:2]))
        return tuple(root)

    def build(self, tree) -> tuple:
        """The statements of a whole Lark tree, each subtree through ``node``."""
        # Subtrees in pre-order (children pushed last-first); reversed, every
        # child comes before its parent. No recursion, no visited set (a
        # parse tree shares no subtrees).
        order, stack = [], [tree]
        while stack:
            sub = stack.pop()
            order.append(sub)
            stack.extend(ch for ch in sub.children if type(ch) is Tree)
        done, node = {}, self.node
        for sub in order[::-1]:
            done[id(sub)] = node(sub.data, [done.pop(id(ch)) if type(ch) is Tree else ch for ch in sub.children])
        return self.finish(done[id(tree)])

    def _edge(self, kids, last: bool):
        """The first (or last) token below ``kids``, depth first, without
        recursion (blocks nest 1,000 deep)."""
        below, stack = self.kids, [iter(reversed(kids) if last else kids)]
        while stack:
            for k in stack[-1]:
                if type(k) is Token:
                    return k
                found = below.get(id(k)) if k is not None else None
                if found is not None:
                    stack.append(iter(reversed(found) if last else found))
                    break
            else:
                stack.pop()
        return None

    def _span(self, kids) -> Span:
        """From the first to the last token or node below (brackets are kept
        as tokens for this), without Lark's slower position propagation."""
        first = last = None
        for k in kids:
            if isinstance(k, _SPANNED):
                first = k
                break
        if first is None:                 # e.g. import statements: the tokens below
            first, last = self._edge(kids, False), self._edge(kids, True)
            if first is None:
                return Span(1 + self.off, 1, 1 + self.off, 1)
        else:
            for k in reversed(kids):
                if isinstance(k, _SPANNED):
                    last = k
                    break
        if type(first) is Token:
            line, column = first.line + self.off, first.column
        elif first is last:
            return first.span           # one child with a span: the same span (spans are tuples)
        else:
            line, column = first.span[:2]
        if type(last) is Token:
            return _new_span(Span, (line, column, last.end_line + self.off, last.end_column))
        b = last.span
        return _new_span(Span, (line, column, b[2], b[3]))

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
            bad = invalid_target(t)
            if bad is not None:
                raise _assignment_error(targets, value, bad)
            _check_starred(t)
        return A.Assign(span, tuple(targets), value)

    def r_augassign(self, kids, span):
        target, op, value = kids
        if not isinstance(target, (A.Name, A.Subscript, A.Attribute)):
            raise ScriptSyntaxError(f"'{python_expr_name(target)}' is an illegal expression for augmented assignment",
                                    target.span)
        return A.AugAssign(span, target, _BINOP_TOKENS.get(op[:-1], op[:-1]), value)

    def check_target(self, t, for_target: bool = False):
        """Python's "cannot assign to ..." for a target of for, with or a comprehension."""
        bad = invalid_target(t, for_target)
        if bad is not None:
            raise ScriptSyntaxError(f"cannot assign to {python_expr_name(bad)}", bad.span)
        _check_starred(t)

    def r_pass_stmt(self, kids, span):
        return A.Pass(span)

    def r_del_stmt(self, kids, span):
        t = kids[0]
        targets = t.elts if isinstance(t, A.Tuple) else (t,)
        bad = invalid_target(t, deleting=True)
        if bad is not None:
            raise ScriptSyntaxError(f"cannot delete {python_expr_name(bad)}", bad.span)
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
        from .syntax_errors import UNSUPPORTED_HINTS
        kw = str(kids[0])
        raise ScriptSyntaxError(f"'{kw}' statements are not supported", self.sp(kids[0]), UNSUPPORTED_HINTS.get(kw))

    def r_with_item(self, kids, span):
        return (kids[0], str(kids[1]) if kids[1] is not None else None)

    def r_with_stmt(self, kids, span):
        *items, body = kids
        return A.With(span, tuple(items), body)

    def r_for_stmt(self, kids, span):
        target, it, body, orelse = kids
        self.check_target(target, for_target=True)
        if self.jumps:
            self.enclose(body, (A.Break, A.Continue))
        return A.For(span, target, it, body, orelse or ())

    def r_while_stmt(self, kids, span):
        test, body, orelse = kids
        if self.jumps:
            self.enclose(body, (A.Break, A.Continue))
        return A.While(span, test, body, orelse or ())

    def enclose(self, body, kinds) -> list:
        """Take the jumps of ``kinds`` inside the statements ``body`` off
        those waiting for an enclosing loop or def; return them."""
        waiting = {id(n) for n in self.jumps if type(n) in kinds}
        found, stack = set(), list(body)
        while stack and waiting:
            node = stack.pop()
            if id(node) in waiting:
                found.add(id(node))
                waiting.discard(id(node))
            for f in node._fields:
                v = getattr(node, f)
                if isinstance(v, A.Node):
                    stack.append(v)
                elif type(v) is tuple:
                    stack.extend(x for x in v if isinstance(x, A.Node))
        taken = [n for n in self.jumps if id(n) in found]
        self.jumps = [n for n in self.jumps if id(n) not in found]
        return taken

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
    def check_name(self, tok):
        """A keyword where a name goes: Python's syntax error (the grammar's
        contextual lexer reads keywords as names where no keyword fits)."""
        if tok in HARD_KEYWORDS:
            raise ScriptSyntaxError(f"unexpected '{tok}'", self.sp(tok),
                                    f"'{tok}' is a Python keyword; it cannot be used as a name")

    def r_name(self, kids, span):
        name = str(kids[0])
        if name in HARD_KEYWORDS:
            self.check_name(kids[0])
        if name in self.literals:
            value, is_matrix, lit_span, depth = self.literals[name]
            return A.ArrayLiteral(lit_span, value, is_matrix, depth)
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
                try:
                    parts.extend(self.fstring(text, self.sp(tok)))
                except ScriptSyntaxError as err:
                    if err.message.startswith("f-string") and " in {" not in err.message:
                        # NOTE: CPython 3.11 puts these just after the last string of the literal.
                        err.span = Span(span.end_line, span.end_column, span.end_line, span.end_column + 1)
                    raise
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
            if c == "#" and not quote:
                raise ScriptSyntaxError("f-string expression part cannot include '#'", span)
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
        try:
            body = _parse_built("(" + text.strip() + "\n)\n", self.off, {})
        except ScriptSyntaxError:
            raise
        except Exception as e:      # noqa: BLE001 — Lark's errors, imported only when one happens
            from .lalr_parser import UnexpectedInput
            if not isinstance(e, UnexpectedInput):
                raise
            raise ScriptSyntaxError(f"f-string: invalid syntax in {{{text.strip()}}}", span) from None
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
        self.check_target(target, for_target=True)
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

    r_shift_expr = r_arith_expr = r_term = _chain

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
        self.check_name(kids[0])
        return ("param", str(kids[0]), kids[-1], span)

    def r_lambda_param(self, kids, span):
        self.check_name(kids[0])
        return ("param", str(kids[0]), kids[1], span)

    def r_star_param(self, kids, span):
        if kids[0] is not None:
            self.check_name(kids[0])
        return ("*", str(kids[0]) if kids[0] is not None else None, None, span)

    r_lambda_star_param = r_star_param

    def r_kwstar_param(self, kids, span):
        self.check_name(kids[0])
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
        self.check_name(name)
        if self.jumps:
            for n in self.enclose(body, (A.Return, A.Break, A.Continue)):
                if type(n) is not A.Return:
                    raise _jump_error(n)
        return A.FunctionDef(span, str(name), params or A.Params(), body)

    def r_decorator(self, kids, span):
        return kids[0]

    def r_decorated(self, kids, span):
        *decorators, fn = kids
        fn.decorators = tuple(decorators)
        return fn

    def r_return_stmt(self, kids, span):
        node = A.Return(span, kids[1])
        self.jumps.append(node)
        return node

    def r_break_stmt(self, kids, span):
        node = A.Break(span)
        self.jumps.append(node)
        return node

    def r_continue_stmt(self, kids, span):
        node = A.Continue(span)
        self.jumps.append(node)
        return node

    def r_kwarg(self, kids, span):
        self.check_name(kids[0])
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
        if len(args) + len(kws) > 1:
            for a in args:
                if type(a) is A.Comp and a.kind == "gen" and a.span[:2] == a.elt.span[:2]:
                    last = a.generators[-1]
                    end = (last.ifs[-1] if last.ifs else last).span
                    raise ScriptSyntaxError("Generator expression must be parenthesized",
                                            Span(a.span.line, a.span.column, end.end_line, end.end_column))
        return (tuple(args), tuple(kws))

    def r_call(self, kids, span):
        func, _, arguments, _ = kids
        args, kws = arguments if arguments is not None else ((), ())
        return A.Call(span, func, args, kws)

    def r_attribute(self, kids, span):
        self.check_name(kids[1])
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


_EXPR_NAMES = {A.Attribute: "attribute", A.Subscript: "subscript", A.Starred: "starred", A.Name: "name",
               A.List: "list", A.Tuple: "tuple", A.Lambda: "lambda", A.Call: "function call",
               A.BoolOp: "expression", A.BinOp: "expression", A.UnaryOp: "expression",
               A.Compare: "comparison", A.IfExp: "conditional expression", A.Dict: "dict literal",
               A.Set: "set display", A.JoinedStr: "f-string expression", A.Matrix: "literal",
               A.ArrayLiteral: "literal"}
_COMP_NAMES = {"gen": "generator expression", "list": "list comprehension", "set": "set comprehension",
               "dict": "dict comprehension"}


def python_expr_name(node) -> str:
    """What CPython calls an expression in its syntax errors (``_PyPegen_get_expr_name``)."""
    if type(node) is A.Constant:
        v = node.value
        if v is None or v is True or v is False:
            return repr(v)
        return "ellipsis" if v is ... else "literal"
    if type(node) is A.Comp:
        return _COMP_NAMES[node.kind]
    return _EXPR_NAMES.get(type(node), "expression")


def invalid_target(target, for_target: bool = False, deleting: bool = False):
    """The first part of ``target`` that cannot be assigned (or deleted), in
    CPython's order (``_PyPegen_get_invalid_target``), or None."""
    stack = [target]
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind is A.Tuple or kind is A.List:
            stack.extend(reversed(node.elts))
        elif kind is A.Starred:
            if deleting:
                return node
            stack.append(node.value)
        elif kind is A.Compare and for_target:
            if node.ops[0] == "in":
                stack.append(node.left)
        elif kind not in (A.Name, A.Subscript, A.Attribute):
            return node
    return None


JUMP_MESSAGES = {A.Return: "'return' outside function", A.Break: "'break' outside loop",
                 A.Continue: "'continue' not properly in loop"}


def _jump_error(node) -> ScriptSyntaxError:
    """Python's compile-time error for a return, break or continue with no
    def or loop around it."""
    return ScriptSyntaxError(JUMP_MESSAGES[type(node)], node.span)


def _check_starred(target):
    """Python's errors for starred targets: one per list or tuple, inside one."""
    stack = [target]
    while stack:
        node = stack.pop()
        if isinstance(node, (A.Tuple, A.List)):
            starred = [e for e in node.elts if type(e) is A.Starred]
            if len(starred) > 1:
                raise ScriptSyntaxError("multiple starred expressions in assignment", starred[1].span)
            stack.extend(e.value if type(e) is A.Starred else e for e in node.elts)
        elif type(node) is A.Starred:
            raise ScriptSyntaxError("starred assignment target must be in a list or tuple", node.span)


def _bitwise_prefix(node):
    """The part of an expression CPython's ``bitwise_or`` reads first, or None."""
    while True:
        kind = type(node)
        if kind is A.Tuple and node.elts and node.span[:2] == node.elts[0].span[:2]:
            node = node.elts[0]
        elif kind is A.Compare:
            node = node.left
        elif kind is A.BoolOp:
            node = node.values[0]
        elif kind is A.IfExp:
            node = node.body
        elif kind is A.Lambda or kind is A.Starred or kind is A.UnaryOp and node.op == "not":
            return None
        else:
            return node


def _assignment_error(targets, value, bad) -> ScriptSyntaxError:
    """CPython's message for ``targets = value`` with ``bad`` not assignable:
    with one target, its last part is read as a comparison written with '='
    (invalid_named_expression); otherwise "cannot assign to ..."."""
    if len(targets) == 1:
        target = targets[0]
        last = target
        if type(target) is A.Tuple and target.elts and target.span[:2] == target.elts[0].span[:2]:
            last = target.elts[-1]          # an unparenthesized tuple: its last element
        kind = type(last)
        plain = kind in (A.List, A.Tuple, A.Matrix, A.Starred, A.Lambda, A.Compare, A.BoolOp, A.IfExp) or \
            kind is A.Comp and last.kind == "gen" or kind is A.UnaryOp and last.op == "not" or \
            kind is A.Constant and (last.value is None or last.value is True or last.value is False)
        right = _bitwise_prefix(value)
        if not plain and right is not None:
            if kind is A.Name:
                s, e = last.span, right.span
                return ScriptSyntaxError("invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
                                         Span(s.line, s.column, e.end_line, e.end_column))
            return ScriptSyntaxError(f"cannot assign to {python_expr_name(last)} here. "
                                     "Maybe you meant '==' instead of '='?", last.span)
    return ScriptSyntaxError(f"cannot assign to {python_expr_name(bad)}", bad.span)


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
