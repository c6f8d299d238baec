"""The gradcli AST: small slotted classes, every node with its source span.

Built from the Lark tree by ``parse.py``; compiled by ``evaluate.py``. Node
names follow Python's ``ast`` module where the construct is the same. The
classes are made by ``_node`` (plain ``__slots__`` classes: cheaper to
create at start-up than dataclasses).
"""
from __future__ import annotations


class Node:
    __slots__ = ("span",)
    _fields: tuple = ()

    def __init__(self, span, *values):
        self.span = span
        if len(values) != len(self._fields):
            raise TypeError(f"{type(self).__name__} takes {len(self._fields)} fields")
        for name, value in zip(self._fields, values):
            object.__setattr__(self, name, value)

    def __repr__(self):
        inner = ", ".join(f"{f}={getattr(self, f)!r}" for f in self._fields)
        return f"{type(self).__name__}({inner})"


def with_span(node: Node, span) -> Node:
    """A copy of ``node`` with another span (for parenthesised expressions)."""
    return type(node)(span, *(getattr(node, f) for f in node._fields))


def _node(name: str, *fields: str, doc: str = ""):
    return type(name, (Node,), {"__slots__": fields, "_fields": fields, "__doc__": doc})


# ***** expressions *****
Name = _node("Name", "id")
Constant = _node("Constant", "value", doc="int, float, bool, str, None or Ellipsis")
ArrayLiteral = _node("ArrayLiteral", "value", "is_matrix",
                     doc="A big numeric literal read by the fast path (nested lists).")
BinOp = _node("BinOp", "op", "left", "right", "op_span", doc='op: "+", "-", "*", "/", "//", "%", "**", "@", "&", "|"')
UnaryOp = _node("UnaryOp", "op", "operand", doc='op: "-", "+", "~", "not"')
BoolOp = _node("BoolOp", "op", "values", doc='op: "and", "or"')
Compare = _node("Compare", "left", "ops", "comparators")
IfExp = _node("IfExp", "test", "body", "orelse")
Keyword = _node("Keyword", "arg", "value", doc="arg None for **kwargs")
Starred = _node("Starred", "value")
Call = _node("Call", "func", "args", "keywords")
Attribute = _node("Attribute", "value", "attr")
Slice = _node("Slice", "lower", "upper", "step")
Subscript = _node("Subscript", "value", "index", "is_tuple", doc="index: tuple of Node | Slice")
Tuple = _node("Tuple", "elts")
List = _node("List", "elts")
Matrix = _node("Matrix", "rows", doc="rows: tuple of tuples of Node")
Lambda = _node("Lambda", "params", "body")

# ***** statements *****
Expr = _node("Expr", "value")
Assign = _node("Assign", "targets", "value")
AugAssign = _node("AugAssign", "target", "op", "value", doc='op without "=": "+", "-", ...')
Import = _node("Import", "names", doc="names: (dotted module, alias or None)")
ImportFrom = _node("ImportFrom", "module", "names")
Assert = _node("Assert", "test", "msg")
Delete = _node("Delete", "targets")
Pass = _node("Pass")
With = _node("With", "items", "body", doc="items: (context expr, alias or None)")
For = _node("For", "target", "iter", "body")


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
