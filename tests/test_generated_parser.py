"""The committed stand-alone parser (gradcli/lang/lalr_parser.py) is current
with grammar/gradcli.lark, and it and the LALR driver gradcli parses with
(grammar.parse) parse — trees, tokens, positions and errors — exactly as a
Lark parser built from the grammar does."""
from __future__ import annotations

from pathlib import Path

import pytest

from gradcli.lang import grammar, lalr_parser

ROOT = Path(__file__).resolve().parent.parent

BROKEN = [
    "x = (1 +\n", "x = 1 +* 2\n", "y = [1, 2\nz = 3\n", "if x:\ny = 1\n", "  x = 1\n", "x = 1\n    y = 2\n",
    "for i in range(3):\n    y = i\n  z = 1\n", "x = $\n", "f(a b)\n", "x = {1: 2\n", "lambda: \n", "def f(:\n",
    "x = 'abc\n", "class A:\n    pass\n", "x ==== 2\n", "1 = x\n", "(\n", ")\n", "x = [1, 2; 3\n", "@\n",
]


def test_the_generated_parser_is_current_with_the_grammar():
    assert lalr_parser.GRAMMAR_SHA256 == grammar.grammar_hash(grammar.grammar_text()), \
        "grammar/gradcli.lark changed: regenerate the parser with `python -m gradcli.lang.grammar`"


@pytest.fixture(scope="module")
def lark_built():
    pytest.importorskip("lark")
    return grammar.lark_parser()


def _shape(tree) -> tuple:
    """A tree as nested tuples (rule, children), tokens with their type,
    text and positions — without recursion, comparable across Tree classes."""
    out = {}
    stack = [(tree, False)]
    while stack:
        node, done = stack.pop()
        kids = getattr(node, "children", None)
        if kids is None:
            out[id(node)] = None if node is None else \
                ("token", node.type, str(node), node.line, node.column, node.end_line, node.end_column)
        elif done:
            out[id(node)] = (node.data, tuple(out[id(k)] for k in kids))
        else:
            stack.append((node, True))
            stack.extend((k, False) for k in kids)
    return out[id(tree)]


def _outcome(parse, text):
    try:
        return "tree", _shape(parse(text))
    except Exception as e:      # noqa: BLE001 — the error itself is compared
        token = getattr(e, "token", None)
        return ("error", type(e).__name__, getattr(e, "line", None), getattr(e, "column", None),
                None if token is None else (token.type, str(token)),
                tuple(sorted(getattr(e, "expected", None) or getattr(e, "allowed", None) or ())))


def _corpus():
    files = sorted((ROOT / "samples").glob("*.py")) + sorted((ROOT / "tests" / "scripts").glob("*.py"))
    files.append(ROOT / "seed" / "seed_notebook.py")
    return [(f.name, f.read_text(encoding="utf-8")) for f in files] + [(f"broken {i}", t) for i, t in enumerate(BROKEN)]


def test_it_parses_as_lark_does(lark_built):
    generated = grammar.get_parser()
    corpus = _corpus()
    assert len(corpus) > 150
    kinds = set()
    for name, text in corpus:
        text = text if text.endswith("\n") else text + "\n"
        want = _outcome(lark_built.parse, text)
        assert _outcome(generated.parse, text) == want, name
        assert _outcome(grammar.parse, text) == want, name          # the driver gradcli parses with
        kinds.add(want[0] if want[0] == "tree" else want[1])
    assert {"tree", "UnexpectedToken", "UnexpectedCharacters"} <= kinds


# ***** the AST: built as the parser reduces, or from a whole tree *****

def _ast_dump(root) -> list:
    """Every node of a parse result, with its span, in order (no recursion)."""
    from gradcli.lang import ast as A
    out, stack = [], [root]
    while stack:
        x = stack.pop()
        if isinstance(x, A.Node):
            out.append((type(x).__name__, tuple(x.span)))
            stack.extend(getattr(x, f) for f in reversed(x._fields))
        elif isinstance(x, (tuple, list)):
            out.append(len(x))
            stack.extend(reversed(x))
        else:
            out.append(repr(x))
    return out


def _built(parse_cell, text):
    from gradcli.errors import GradcliError
    try:
        return "ast", _ast_dump(parse_cell(text))
    except GradcliError as e:
        return "error", type(e).__name__, e.message, tuple(e.span) if e.span else None


def test_the_ast_built_during_the_parse_is_the_one_built_from_the_tree(monkeypatch):
    """parse_cell builds each node as the table parser reduces its rule; input
    the tables reject but Lark accepts comes back as a tree, built after the
    parse by the same rules. Both give the same nodes, spans and errors."""
    from gradcli.lang import parse as P
    from syntax_cases import CASES
    corpus = _corpus() + sorted(CASES.items())
    inline = [_built(P.parse_cell, text) for _, text in corpus]

    def from_tree(text, line_offset, literals):
        return P._Builder(line_offset, literals).build(grammar.parse(text))
    monkeypatch.setattr(P, "_parse_built", from_tree)
    for (name, text), want in zip(corpus, inline):
        assert _built(P.parse_cell, text) == want, name
    kinds = {w[0] if w[0] == "ast" else w[2] for w in inline}
    assert "ast" in kinds and len(kinds) > 20          # trees and many kinds of syntax error
