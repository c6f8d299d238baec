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
