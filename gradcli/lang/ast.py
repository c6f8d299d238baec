"""The gradcli AST: small slotted classes, every node with its source span.

Built from the Lark tree by ``parse.py``; compiled by ``evaluate.py``. Node
names follow Python's ``ast`` module where the construct is the same.
Each class spells out its ``__init__``: parsing builds tens of thousands of
nodes, and explicit initialisers are several times faster than generic ones
or dataclasses.
"""
from __future__ import annotations


class Node:
    __slots__ = ("span",)
    _fields: tuple = ()

    def __repr__(self):
        inner = ", ".join(f"{f}={getattr(self, f)!r}" for f in self._fields)
        return f"{type(self).__name__}({inner})"


def with_span(node: Node, span) -> Node:
    """A copy of ``node`` with another span (for parenthesised expressions)."""
    return type(node)(span, *(getattr(node, f) for f in node._fields))


# ***** expressions *****


class Name(Node):
    __slots__ = _fields = ('id',)

    def __init__(self, span, id):
        self.span = span
        self.id = id


class Constant(Node):
    """int, float, bool, str, None or Ellipsis"""
    __slots__ = _fields = ('value',)

    def __init__(self, span, value):
        self.span = span
        self.value = value


class ArrayLiteral(Node):
    """A big numeric literal read by the fast path (nested lists; ``depth``:
    its deepest bracket nesting)."""
    __slots__ = _fields = ('value', 'is_matrix', 'depth')

    def __init__(self, span, value, is_matrix, depth):
        self.span = span
        self.value = value
        self.is_matrix = is_matrix
        self.depth = depth


class BinOp(Node):
    """op: "+", "-", "*", "/", "//", "%", "**", "@", "&" or "|"."""
    __slots__ = _fields = ('op', 'left', 'right', 'op_span')

    def __init__(self, span, op, left, right, op_span):
        self.span = span
        self.op = op
        self.left = left
        self.right = right
        self.op_span = op_span


class UnaryOp(Node):
    """op: "-", "+", "~" or "not"."""
    __slots__ = _fields = ('op', 'operand')

    def __init__(self, span, op, operand):
        self.span = span
        self.op = op
        self.operand = operand


class BoolOp(Node):
    """op: "and" or "or"."""
    __slots__ = _fields = ('op', 'values')

    def __init__(self, span, op, values):
        self.span = span
        self.op = op
        self.values = values


class Compare(Node):
    __slots__ = _fields = ('left', 'ops', 'comparators')

    def __init__(self, span, left, ops, comparators):
        self.span = span
        self.left = left
        self.ops = ops
        self.comparators = comparators


class IfExp(Node):
    __slots__ = _fields = ('test', 'body', 'orelse')

    def __init__(self, span, test, body, orelse):
        self.span = span
        self.test = test
        self.body = body
        self.orelse = orelse


class Keyword(Node):
    """arg is None for **kwargs"""
    __slots__ = _fields = ('arg', 'value')

    def __init__(self, span, arg, value):
        self.span = span
        self.arg = arg
        self.value = value


class Starred(Node):
    __slots__ = _fields = ('value',)

    def __init__(self, span, value):
        self.span = span
        self.value = value


class Call(Node):
    __slots__ = _fields = ('func', 'args', 'keywords')

    def __init__(self, span, func, args, keywords):
        self.span = span
        self.func = func
        self.args = args
        self.keywords = keywords


class Attribute(Node):
    __slots__ = _fields = ('value', 'attr')

    def __init__(self, span, value, attr):
        self.span = span
        self.value = value
        self.attr = attr


class Slice(Node):
    __slots__ = _fields = ('lower', 'upper', 'step')

    def __init__(self, span, lower, upper, step):
        self.span = span
        self.lower = lower
        self.upper = upper
        self.step = step


class Subscript(Node):
    """index: tuple of Node | Slice"""
    __slots__ = _fields = ('value', 'index', 'is_tuple')

    def __init__(self, span, value, index, is_tuple):
        self.span = span
        self.value = value
        self.index = index
        self.is_tuple = is_tuple


class Tuple(Node):
    __slots__ = _fields = ('elts',)

    def __init__(self, span, elts):
        self.span = span
        self.elts = elts


class List(Node):
    __slots__ = _fields = ('elts',)

    def __init__(self, span, elts):
        self.span = span
        self.elts = elts


class Matrix(Node):
    """rows: tuple of tuples of Node"""
    __slots__ = _fields = ('rows',)

    def __init__(self, span, rows):
        self.span = span
        self.rows = rows


class Params:
    """A function's parameters: ``positional`` and ``kwonly`` are tuples of
    (name, default node or None); ``vararg``/``kwarg`` a name or None."""
    __slots__ = ("positional", "vararg", "kwonly", "kwarg")

    def __init__(self, positional=(), vararg=None, kwonly=(), kwarg=None):
        self.positional = positional
        self.vararg = vararg
        self.kwonly = kwonly
        self.kwarg = kwarg

    def defaults(self):
        """Every default expression, in order (positional, then keyword-only)."""
        return tuple(d for _, d in self.positional + self.kwonly if d is not None)

    def __repr__(self):
        return f"Params({self.positional!r}, {self.vararg!r}, {self.kwonly!r}, {self.kwarg!r})"


class Lambda(Node):
    """params: Params"""
    __slots__ = _fields = ('params', 'body')

    def __init__(self, span, params, body):
        self.span = span
        self.params = params
        self.body = body


class Dict(Node):
    """keys[i] is None for a ``**mapping`` entry."""
    __slots__ = _fields = ('keys', 'values')

    def __init__(self, span, keys, values):
        self.span = span
        self.keys = keys
        self.values = values


class Set(Node):
    __slots__ = _fields = ('elts',)

    def __init__(self, span, elts):
        self.span = span
        self.elts = elts


class Comprehension(Node):
    """One ``for target in iter if cond ...`` clause."""
    __slots__ = _fields = ('target', 'iter', 'ifs')

    def __init__(self, span, target, iter, ifs):
        self.span = span
        self.target = target
        self.iter = iter
        self.ifs = ifs


class Comp(Node):
    """List, set or dict comprehension or generator expression.
    kind: "list", "set", "dict" or "gen"; ``key`` is None except for dicts."""
    __slots__ = _fields = ('kind', 'key', 'elt', 'generators')

    def __init__(self, span, kind, key, elt, generators):
        self.span = span
        self.kind = kind
        self.key = key
        self.elt = elt
        self.generators = generators


class FormattedValue(Node):
    """One ``{value!conversion:format_spec}`` field of an f-string;
    ``format_spec`` is a JoinedStr or None, ``conversion`` "", "r", "s" or "a"."""
    __slots__ = _fields = ('value', 'conversion', 'format_spec')

    def __init__(self, span, value, conversion, format_spec):
        self.span = span
        self.value = value
        self.conversion = conversion
        self.format_spec = format_spec


class JoinedStr(Node):
    """An f-string: Constant strings and FormattedValues."""
    __slots__ = _fields = ('values',)

    def __init__(self, span, values):
        self.span = span
        self.values = values


# ***** statements *****


class Expr(Node):
    __slots__ = _fields = ('value',)

    def __init__(self, span, value):
        self.span = span
        self.value = value


class Assign(Node):
    __slots__ = _fields = ('targets', 'value')

    def __init__(self, span, targets, value):
        self.span = span
        self.targets = targets
        self.value = value


class AugAssign(Node):
    """op without "=": "+", "-", ..."""
    __slots__ = _fields = ('target', 'op', 'value')

    def __init__(self, span, target, op, value):
        self.span = span
        self.target = target
        self.op = op
        self.value = value


class Import(Node):
    """names: (dotted module, alias or None)"""
    __slots__ = _fields = ('names',)

    def __init__(self, span, names):
        self.span = span
        self.names = names


class ImportFrom(Node):
    __slots__ = _fields = ('module', 'names')

    def __init__(self, span, module, names):
        self.span = span
        self.module = module
        self.names = names


class Assert(Node):
    __slots__ = _fields = ('test', 'msg')

    def __init__(self, span, test, msg):
        self.span = span
        self.test = test
        self.msg = msg


class Delete(Node):
    __slots__ = _fields = ('targets',)

    def __init__(self, span, targets):
        self.span = span
        self.targets = targets


class Pass(Node):
    __slots__ = _fields = ()

    def __init__(self, span):
        self.span = span


class With(Node):
    """items: (context expr, alias or None)"""
    __slots__ = _fields = ('items', 'body')

    def __init__(self, span, items, body):
        self.span = span
        self.items = items
        self.body = body


class For(Node):
    __slots__ = _fields = ('target', 'iter', 'body', 'orelse')

    def __init__(self, span, target, iter, body, orelse=()):
        self.span = span
        self.target = target
        self.iter = iter
        self.body = body
        self.orelse = orelse


class While(Node):
    __slots__ = _fields = ('test', 'body', 'orelse')

    def __init__(self, span, test, body, orelse=()):
        self.span = span
        self.test = test
        self.body = body
        self.orelse = orelse


class If(Node):
    """``elif`` chains are nested Ifs in ``orelse``."""
    __slots__ = _fields = ('test', 'body', 'orelse')

    def __init__(self, span, test, body, orelse=()):
        self.span = span
        self.test = test
        self.body = body
        self.orelse = orelse


class FunctionDef(Node):
    __slots__ = _fields = ('name', 'params', 'body', 'decorators')

    def __init__(self, span, name, params, body, decorators=()):
        self.span = span
        self.name = name
        self.params = params
        self.body = body
        self.decorators = decorators


class Return(Node):
    __slots__ = _fields = ('value',)

    def __init__(self, span, value):
        self.span = span
        self.value = value


class Break(Node):
    __slots__ = _fields = ()

    def __init__(self, span):
        self.span = span


class Continue(Node):
    __slots__ = _fields = ()

    def __init__(self, span):
        self.span = span


class Cell:
    """A notebook cell (or the whole of a plain script)."""
    __slots__ = ("body", "first_line", "error")

    def __init__(self, body, first_line, error=None):
        self.body = body
        self.first_line = first_line
        self.error = error          # a syntax error: running the cell reports it


class Module:
    __slots__ = ("cells", "notebook")

    def __init__(self, cells, notebook):
        self.cells = cells
        self.notebook = notebook    # cell-structured: the display rule applies
