"""The generated parse tables (gradcli/lang/lalr_tables.py) are current with
grammar/gradcli.lark, and the table parser (lalr_driver) gives Lark's trees,
tokens and positions itself — with its lexers reading terminal by terminal
and as compiled alternations — and rejects exactly what Lark rejects, and a
keyword run into a name (which Lark's contextual lexer splits)."""
from __future__ import annotations

import random

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
        return {k: (literal, sorted(regexp), first) for k, (literal, regexp, first) in table.items()}
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


_EDITS = list("()[]{}:;,.=+-*/%@^~<>!&|'\"#\\\n\t xyz019_eE") + [
    "if ", "else", "lambda", "def ", "return", "not ", "None", "\n    ", "\n  ", "'''", '"""', "f'", "r'",
    "1e", "0x", "**", "//", "->", "...", "\r\n", "\x0c"]


def _mutants(count: int, seed: int):
    """Corpus scripts with a few random insertions, deletions and copies:
    mostly broken, some still valid, in every corner of the lexer."""
    rng = random.Random(seed)
    corpus = _corpus()
    for _ in range(count):
        text = rng.choice(corpus)[1]
        if len(text) > 1500:
            start = rng.randrange(0, len(text) - 1000)
            text = text[start:start + 1000]
        for _ in range(rng.randint(1, 4)):
            i, op = rng.randrange(0, len(text) + 1), rng.random()
            if op < 0.4:
                text = text[:i] + rng.choice(_EDITS) + text[i:]
            elif op < 0.8:
                text = text[:i] + text[i + rng.randint(1, 5):]
            else:
                j = rng.randrange(0, len(text) + 1)
                text = text[:i] + text[j:j + 20] + text[i:]
        yield text if text.endswith("\n") else text + "\n"


@pytest.mark.parametrize("compile_after", [0, 10**9], ids=["alternations", "terminal by terminal"])
def test_edited_scripts_parse_or_fail_as_with_lark(lark_built, monkeypatch, compile_after):
    monkeypatch.setattr(lalr_driver, "COMPILE_AFTER", compile_after)
    tables = lalr_driver.TableParser()
    kinds = {}
    for text in _mutants(150, seed=compile_after % 7):
        want = _outcome(lark_built.parse, text)
        try:
            got = "tree", _shape(tables.parse(text))
        except lalr_driver.Rejected as rejected:
            got = None
            if want[0] == "tree":           # Lark read a keyword run into a name; the tables do not
                assert _runs_into_a_name(text, rejected.args), repr(text)
                assert _outcome(grammar.parse, text)[:4] == ("error", "UnexpectedCharacters", *rejected.args[1:])
                continue
        assert got == (want if want[0] == "tree" else None), repr(text)
        assert _outcome(grammar.parse, text) == want, repr(text)
        kind = want[0] if want[0] == "tree" else want[1]
        kinds[kind] = kinds.get(kind, 0) + 1
    assert kinds.get("tree", 0) >= 10 and kinds.get("UnexpectedToken", 0) >= 10 and \
        kinds.get("UnexpectedCharacters", 0) >= 3, kinds


def _runs_into_a_name(text, where) -> bool:
    """Whether a keyword of the grammar runs into a name at the index in ``where``."""
    import re
    word = re.match(r"\w*", text[where[0]:]).group(0)
    keywords = [lit for lit, _, _ in lalr_tables.TERMINALS.values() if lit and lit[-1].isalnum()]
    return any(word.startswith(k) and len(word) > len(k) for k in keywords)


@pytest.mark.parametrize("compile_after", [0, 10**9], ids=["alternations", "terminal by terminal"])
@pytest.mark.parametrize("text,where", [("print(y)int(y)\n", (8, 1, 9)), ("import torch.nn asn\n", (16, 1, 17)),
                                        ("x = [i for i inrange(3)]\n", (13, 1, 14)),
                                        ("x = t orch\n", (6, 1, 7))])
def test_a_keyword_is_a_whole_word(lark_built, monkeypatch, compile_after, text, where):
    """Lark's contextual lexer reads ``int`` after ``)`` as ``in`` ``t``; the
    tables read a name there, as Python's tokenizer does, and reject it."""
    monkeypatch.setattr(lalr_driver, "COMPILE_AFTER", compile_after)
    assert _outcome(lark_built.parse, text)[0] == "tree"
    with pytest.raises(lalr_driver.Rejected) as info:
        lalr_driver.TableParser().parse(text)
    assert info.value.args == where
    assert _outcome(grammar.parse, text)[:4] == ("error", "UnexpectedCharacters", *where[1:])


@pytest.mark.parametrize("regexp,first", [
    (r"[^\W\d]\w*", "ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"), (r"a?b", "ab"), (r"(?i:ab)c", "Aa"),
    (r"\bx", "x"), (r"(?=a)b", "b"), (r"(x|y+)z", "xy"), (r"(x|y*)z", "xyz"), (r"[^a]", None), (r".", None),
    (r"#[^\n]*", "#"), (r"[^a-z]x", None), (r"a*", None), (r"\d", "0123456789"),
])
def test_the_first_characters_of_a_regex(regexp, first):
    got = grammar.first_characters(regexp)
    if regexp == r"[^a-z]x":
        assert got is not None and "a" not in got and "A" in got and "\n" in got
    else:
        assert got == first


def test_every_token_starts_with_a_first_character_of_its_terminal():
    tables, counts = lalr_driver.TableParser(), {}
    for name, text in _corpus():
        try:
            tree = tables.parse(text if text.endswith("\n") else text + "\n")
        except lalr_driver.Rejected:
            continue
        stack = [tree]
        while stack:
            node = stack.pop()
            if type(node) is Tree:
                stack.extend(node.children)
            elif type(node) is Token and node.type in lalr_tables.TERMINALS:
                first = lalr_tables.TERMINALS[node.type][2]
                if first is not None and node.value[0] < "\x80":
                    assert node.value[0] in first, (name, node.type, node.value)
                    counts[node.type] = counts.get(node.type, 0) + 1
    assert {"NAME", "NUMBER", "STRING"} <= set(counts), counts
