"""The generated parse tables (gradcli/lang/lalr_tables.py) are current with
grammar/gradcli.lark, and the table parser (lalr_driver) gives Lark's trees,
tokens and positions itself — with its lexers reading terminal by terminal
and as compiled alternations — and rejects exactly what Lark rejects."""
from __future__ import annotations

import pytest

from gradcli.lang import grammar, lalr_driver, lalr_tables
from gradcli.lang.syntax_tree import Token, Tree

from test_generated_parser import _corpus, _outcome, _shape


def test_the_tables_are_current_with_the_grammar():
    assert lalr_tables.GRAMMAR_SHA256 == grammar.grammar_hash(grammar.grammar_text()), \
        "grammar/gradcli.lark changed: regenerate the parser with `python -m gradcli.lang.grammar`"


def test_the_tables_are_what_the_generator_writes():
    pytest.importorskip("lark")
    fresh = {}
    exec(compile(grammar.generate_tables(), "lalr_tables", "exec"), fresh)      # noqa: S102 — our generator's output
    names = [n for n in vars(lalr_tables) if n.isupper()]
    assert set(names) == {n for n in fresh if n.isupper()}
    for name in names:
        if name != "TERMINALS":
            assert getattr(lalr_tables, name) == fresh[name], name

    def terminals(table):      # a regex's flag groups, e.g. (?i:(?s:...)), come in set order
        return {k: (literal, sorted(regexp)) for k, (literal, regexp) in table.items()}
    assert terminals(lalr_tables.TERMINALS) == terminals(fresh["TERMINALS"])


@pytest.fixture(scope="module")
def lark_built():
    pytest.importorskip("lark")
    return grammar.lark_parser()


@pytest.mark.parametrize("compile_after", [0, 10**9], ids=["alternations", "terminal by terminal"])
def test_the_table_parser_parses_as_lark_does(lark_built, monkeypatch, compile_after):
    monkeypatch.setattr(lalr_driver, "COMPILE_AFTER", compile_after)
    tables = lalr_driver.TableParser()
    trees = rejected = 0
    for name, text in _corpus():
        text = text if text.endswith("\n") else text + "\n"
        want = _outcome(lark_built.parse, text)
        if want[0] == "tree":
            got = tables.parse(text)
            assert _shape(got) == want[1], name
            trees += 1
        else:
            with pytest.raises(lalr_driver.Rejected):
                tables.parse(text)
            rejected += 1
        assert _outcome(grammar.parse, text) == want, name
    assert trees > 150 and rejected >= 15


def test_the_trees_are_the_packages_classes():
    tree = grammar.parse("x = f(1, y)[0]  # c\nif x:\n    pass\n")
    stack, kinds = [tree], set()
    while stack:
        node = stack.pop()
        kinds.add(type(node))
        if type(node) is Tree:
            stack.extend(node.children)
    assert kinds <= {Tree, Token, type(None)} and {Tree, Token} <= kinds


def test_a_tree_from_lark_is_adopted_into_the_packages_classes():
    lark_tree = grammar.get_parser().parse("x = [1, 2]\n")
    adopted = grammar.adopt_tree(lark_tree)
    assert _shape(adopted) == _shape(lark_tree)
    assert type(adopted) is Tree and type(adopted.children[0]) is Tree
