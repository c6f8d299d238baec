"""A formula as PyTorch source (``--emit torch``): the user's own text, with
the three extensions of the language (SPEC §3.8) spelled as valid Python:

- ``[1, 2; 3, 4]`` becomes ``torch.tensor([[1, 2], [3, 4]])``;
- a bare list literal used as an operand becomes ``torch.tensor([...])``;
- ``^`` becomes ``**``;
- a bare torch function name (``exp(x)``, ``sum(x)``) becomes ``torch.exp``.

Each node's text is its source span with its children's texts spliced in,
built bottom-up without recursion.
"""
from __future__ import annotations

from . import ast as A
from .evaluate import children


def _offsets(source: str) -> list[int]:
    starts, pos = [0], 0
    for line in source.split("\n"):
        pos += len(line) + 1
        starts.append(pos)
    return starts


def _literal_text(value) -> str:
    data = value.tolist() if hasattr(value, "tolist") else value
    return repr(data)


def torch_source(expr, source: str, is_torch_function) -> str:
    """``expr`` (an expression node parsed from ``source``) as PyTorch code.
    ``is_torch_function(name)`` says whether a bare called name is one of
    torch's functions (not a leaf or a Python builtin of the same meaning)."""
    starts = _offsets(source)

    def start(span):
        return starts[span.line - 1] + span.column - 1

    def end(span):
        return starts[span.end_line - 1] + span.end_column - 1

    text: dict[int, str] = {}
    stack = [(expr, False)]
    while stack:
        node, ready = stack.pop()
        kids = [k for k in children(node) if getattr(k, "span", None) is not None]
        if not ready:
            stack.append((node, True))
            stack.extend((k, False) for k in kids)
            continue
        t = type(node)
        if t is A.Matrix:
            rows = ", ".join("[" + ", ".join(text[id(e)] for e in row) + "]" for row in node.rows)
            text[id(node)] = f"torch.tensor([{rows}])"
            continue
        if t is A.ArrayLiteral:
            body = _literal_text(node.value)
            text[id(node)] = f"torch.tensor({body})" if node.is_matrix else body
            continue
        pieces = [(start(k.span), end(k.span), _operand(k, text[id(k)]) if t is A.BinOp else text[id(k)])
                  for k in kids]
        if t is A.BinOp and node.op_span is not None:
            pieces.append((start(node.op_span), end(node.op_span), node.op))
        if t is A.Call and type(node.func) is A.Name and is_torch_function(node.func.id):
            pieces = [(a, b, f"torch.{node.func.id}" if k is node.func else s)
                      for (a, b, s), k in zip(pieces, kids)]
        out, pos = [], start(node.span)
        for a, b, s in sorted(pieces, key=lambda p: p[0]):
            if a < pos:                      # a child outside its parent's span (never expected)
                continue
            out.append(source[pos:a])
            out.append(s)
            pos = b
        out.append(source[pos:end(node.span)])
        text[id(node)] = "".join(out)
    return text[id(expr)]


def _operand(node, text: str) -> str:
    """A bare list literal as an operand of an operator means torch.tensor(...)."""
    if type(node) is A.List or (type(node) is A.ArrayLiteral and not node.is_matrix):
        return f"torch.tensor({text})"
    return text
