"""The gradcli AST: frozen dataclasses, every node with its source span.

Built from the Lark tree by ``parse.py``; walked by ``compile.py``. Node
names follow Python's ``ast`` module where the construct is the same.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from ..errors import Span


@dataclass(frozen=True, slots=True)
class Node:
    span: Span


# ***** expressions *****

@dataclass(frozen=True, slots=True)
class Name(Node):
    id: str


@dataclass(frozen=True, slots=True)
class Constant(Node):
    value: Any          # int, float, bool, str, None, Ellipsis


@dataclass(frozen=True, slots=True)
class ArrayLiteral(Node):
    """A numeric list or matrix literal read by the fast path: its value is
    the nested Python data (or a numpy array for big literals)."""
    value: Any
    is_matrix: bool


@dataclass(frozen=True, slots=True)
class BinOp(Node):
    op: str             # "+", "-", "*", "/", "//", "%", "**", "@", "&", "|"
    left: Node
    right: Node
    op_span: Span


@dataclass(frozen=True, slots=True)
class UnaryOp(Node):
    op: str             # "-", "+", "~", "not"
    operand: Node


@dataclass(frozen=True, slots=True)
class BoolOp(Node):
    op: str             # "and", "or"
    values: tuple


@dataclass(frozen=True, slots=True)
class Compare(Node):
    left: Node
    ops: tuple          # "<", "is not", "not in", ...
    comparators: tuple


@dataclass(frozen=True, slots=True)
class IfExp(Node):
    test: Node
    body: Node
    orelse: Node


@dataclass(frozen=True, slots=True)
class Keyword(Node):
    arg: Optional[str]  # None for **kwargs
    value: Node


@dataclass(frozen=True, slots=True)
class Starred(Node):
    value: Node


@dataclass(frozen=True, slots=True)
class Call(Node):
    func: Node
    args: tuple         # Node | Starred
    keywords: tuple     # Keyword


@dataclass(frozen=True, slots=True)
class Attribute(Node):
    value: Node
    attr: str


@dataclass(frozen=True, slots=True)
class Slice(Node):
    lower: Optional[Node]
    upper: Optional[Node]
    step: Optional[Node]


@dataclass(frozen=True, slots=True)
class Subscript(Node):
    value: Node
    index: tuple        # items: Node | Slice
    is_tuple: bool      # x[a,] / x[a, b] versus x[a]


@dataclass(frozen=True, slots=True)
class Tuple(Node):
    elts: tuple


@dataclass(frozen=True, slots=True)
class List(Node):
    elts: tuple


@dataclass(frozen=True, slots=True)
class Matrix(Node):
    rows: tuple         # tuple of tuples of Node


@dataclass(frozen=True, slots=True)
class Lambda(Node):
    params: tuple       # str
    body: Node


# ***** statements *****

@dataclass(frozen=True, slots=True)
class Expr(Node):
    value: Node


@dataclass(frozen=True, slots=True)
class Assign(Node):
    targets: tuple      # Node (Name, Tuple, Subscript, Attribute)
    value: Node


@dataclass(frozen=True, slots=True)
class AugAssign(Node):
    target: Node
    op: str             # "+", "-", ... (without "=")
    value: Node


@dataclass(frozen=True, slots=True)
class Import(Node):
    names: tuple        # (dotted module name, alias or None)


@dataclass(frozen=True, slots=True)
class ImportFrom(Node):
    module: str
    names: tuple        # (name, alias or None); ("*", None) for star


@dataclass(frozen=True, slots=True)
class Assert(Node):
    test: Node
    msg: Optional[Node]


@dataclass(frozen=True, slots=True)
class Delete(Node):
    targets: tuple


@dataclass(frozen=True, slots=True)
class Pass(Node):
    pass


@dataclass(frozen=True, slots=True)
class With(Node):
    items: tuple        # (context expr, alias name or None)
    body: tuple


@dataclass(frozen=True, slots=True)
class For(Node):
    target: Node
    iter: Node
    body: tuple


@dataclass(frozen=True, slots=True)
class Cell:
    """A notebook cell (or the whole of a plain script)."""
    body: tuple
    first_line: int
    error: Optional[Exception] = None   # a syntax error: running the cell reports it


@dataclass(frozen=True, slots=True)
class Module:
    cells: tuple        # Cell
    notebook: bool      # cell-structured: the display rule applies
