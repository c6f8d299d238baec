"""Syntax errors say what CPython 3.11 says, where it says it (SPEC §5).

The corpus (tests/syntax_cases.py) holds broken snippets of the kind
learners paste; tests/goldens/syntax_errors.json records CPython's
SyntaxError for each (tests/goldens/make_syntax_goldens.py). For every case
gradcli gives Python's message, type, line and column, and the caret where
Python's traceback draws it, under ``--format torch`` and in the JSON
``error`` object, with exit code 2. Where Python only says "invalid syntax"
gradcli keeps its own, more specific message (``GRADCLI_OWN``), at Python's
position.
"""
import json
import sys
from pathlib import Path

import pytest

from syntax_cases import CASES, GRADCLI_OWN, GRADCLI_POSITION

GOLDENS = json.loads((Path(__file__).parent / "goldens" / "syntax_errors.json").read_text(encoding="utf-8"))


def expected_error(name):
    """``(type, message, line, column, end_line, end_column)`` gradcli must report."""
    py = GOLDENS[name]["python"]
    kind, message = ("SyntaxError", GRADCLI_OWN[name]) if name in GRADCLI_OWN else (py["type"], py["message"])
    if name in GRADCLI_POSITION:
        return kind, message, GRADCLI_POSITION[name]
    line, offset, end_line, end_offset = py["lineno"], py["offset"], py["end_lineno"], py["end_offset"]
    if end_offset is None:                  # Python gave no end (the future-import checks): one caret
        end_line, end_offset = line, 0
    # Python's traceback: a caret from the offset to the end offset on the line, one caret otherwise
    col = max(1, offset)
    if end_line == line and end_offset > offset:
        return kind, message, (line, col, line, end_offset)
    if end_line > line and end_offset >= 1:
        return kind, message, (line, col, end_line, end_offset)
    return kind, message, (line, col, line, col + 1)


def test_the_corpus_is_large_and_its_goldens_are_current():
    assert len(CASES) >= 60
    assert sorted(GOLDENS) == sorted(CASES), "run tests/goldens/make_syntax_goldens.py"
    assert all(GOLDENS[name]["source"] == src for name, src in CASES.items()), "run make_syntax_goldens.py"
    assert set(GRADCLI_OWN) <= set(CASES) and set(GRADCLI_POSITION) <= set(CASES)
    # gradcli's own words only where Python's are generic, or for what gradcli leaves out
    for name in GRADCLI_OWN:
        py = GOLDENS[name]["python"]
        assert py is None or py["message"] == "invalid syntax", name
    kinds = {g["python"]["message"].split(" (")[0].split(" on line")[0] for g in GOLDENS.values() if g["python"]}
    for message in ("'(' was never closed", "unmatched ')'", "expected ':'", "unexpected indent",
                    "invalid syntax. Perhaps you forgot a comma?", "unterminated string literal",
                    "invalid syntax. Maybe you meant '==' or ':=' instead of '='?", "invalid decimal literal",
                    "Missing parentheses in call to 'print'. Did you mean print(...)?",
                    "unindent does not match any outer indentation level", "'return' outside function",
                    "invalid non-printable character U+00A0",
                    "cannot assign to literal here. Maybe you meant '==' instead of '='?"):
        assert message in kinds, message


@pytest.mark.skipif(sys.version_info[:2] != (3, 11), reason="the goldens are CPython 3.11's messages")
def test_the_goldens_match_live_python():
    sys.path.insert(0, str(Path(__file__).parent / "goldens"))
    from make_syntax_goldens import python_answer
    for name, src in CASES.items():
        assert python_answer(src) == GOLDENS[name]["python"], name


@pytest.mark.parametrize("name", sorted(CASES))
def test_syntax_error_as_python_gives_it(gradcli, name):
    src = CASES[name]
    kind, message, span = expected_error(name)
    r = gradcli("run", "-", "-f", "torch", stdin=src)
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr
    lines = r.stderr.split("\n")
    line, col, end_line, end_col = span
    assert lines[0] == f"<stdin>:{line}:{col}: {kind}: {message}"
    shown = src.split("\n")[line - 1].expandtabs(1)
    assert lines[1] == "    " + shown
    width = max(1, min(end_col - col, len(shown) - col + 1)) if end_line == line else len(shown) - col + 1
    assert lines[2] == "    " + " " * (col - 1) + "^" * width

    r = gradcli("run", "-", "-f", "json", stdin=src)
    assert r.returncode == 2
    error = json.loads(r.stdout)["files"][0]["error"]
    text = error.pop("message")
    assert text == message or text.startswith(message + " (hint: ")        # the hint, as on stderr
    assert error == {"type": kind, "line": line, "column": col, "end_line": end_line, "end_column": end_col}


@pytest.mark.parametrize("src,expected", [
    # a notebook cell reports the file's line numbers; the next cell still runs
    ("# %%\nx = 1\n# %%\ny = (1,\nz = 2\n# %%\nprint(x)\n",
     "<stdin>:4:5: SyntaxError: '(' was never closed"),
    ("# %%\nx = 1\n# %%\n  y = 2\n# %%\nprint(x)\n", "<stdin>:4:2: IndentationError: unexpected indent"),
    ("# %%\nif x = 1:\n    pass\n# %%\nprint(2)\n",
     "<stdin>:2:4: SyntaxError: invalid syntax. Maybe you meant '==' or ':=' instead of '='?"),
])
def test_cells_report_python_errors_at_file_lines(gradcli, src, expected):
    r = gradcli("run", "-", "-f", "torch", stdin=src)
    assert r.returncode == 2
    assert r.stderr.startswith(expected), r.stderr
    assert r.stdout.strip().endswith(("1", "2"))        # a later cell still ran


@pytest.mark.parametrize("src", [
    "for i in range(3):\n    if i:\n        break\n    else:\n        continue\n",
    "def f(x):\n    for i in x:\n        if i:\n            return i\n    return None\n",
    "while True:\n    def g():\n        return 1\n    break\n",
    "x = [i for i in range(3) if i]\nprint(x)\n",
    "x = 1\nif x == 1:\n    y = 2\nelse:\n    y = 3\n",
    "print(1if True else 2)\n",
    "x = 0\nx = 00\nx = 0.5\nx = 1_000\nx = 0x_ff\nx = 1e-3\n",
    "def f(x):\n\tif x:\n\t\treturn 1\n\treturn 2\nprint(f(0))\n",          # tabs, used alike
    "for i in range(2):\n\tx = i\n\n        \nprint(x)\n",
])
def test_valid_python_still_parses(gradcli, src):
    r = gradcli("run", "-", "-f", "json", stdin=src)
    assert json.loads(r.stdout)["files"][0]["error"] is None


def test_a_formula_may_start_with_spaces(gradcli):
    r = gradcli("grad", "  (x*x).sum()", "-a", "x=[1,2]", "-f", "json")
    assert r.returncode == 0, r.stdout
    assert json.loads(r.stdout)["files"][0]["result"]["grads"]["x"]["data"] == [2.0, 4.0]
