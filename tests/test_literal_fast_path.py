"""The fast path for big numeric literals (lang/literals.py): what it lifts
out of the source, its nesting limit, and the same values and errors as the
grammar gives."""
from __future__ import annotations

import numpy as np
import pytest

from gradcli.lang import ast as A
from gradcli.lang.literals import MAX_DEPTH, MIN_LENGTH, _brackets, _depth, lift_literals
from gradcli.lang.parse import parse_cell
from gradcli.errors import ScriptSyntaxError


@pytest.mark.parametrize("text,depth", [("1", 0), ("[1]", 1), ("[[1, 2], [3]]", 2), ("[[[1]], [2]]", 3),
                                        ("[1, 2; 3, 4]", 1), ("[[]]" * 3, 2), ("[" * 70 + "]" * 70, 70)])
def test_depth_is_the_deepest_nesting(text, depth):
    assert _depth(_brackets(text)) == depth


def _nested(depth: int, width: int) -> str:
    inner = "[" + ", ".join(f"{i}.5" for i in range(width)) + "]"
    return "[" * (depth - 1) + inner + "]" * (depth - 1)


def test_a_long_literal_is_lifted_with_its_span_and_values():
    lit = _nested(3, 600)
    assert len(lit) >= MIN_LENGTH
    source = f"x = {lit}\ny = 1\n"
    lifted, table = lift_literals(source)
    assert len(table) == 1 and lifted.split("\n")[0].__len__() == len(source.split("\n")[0])
    (value, is_matrix, span, depth), = table.values()
    assert not is_matrix and np.array(value).shape == (1, 1, 600) and depth == 3
    assert (span.line, span.column, span.end_line, span.end_column) == (1, 5, 1, 5 + len(lit))
    stmt = parse_cell(source)[0]
    assert type(stmt.value) is A.ArrayLiteral and stmt.value.span == span


def test_deeper_than_the_limit_goes_to_the_grammar():
    lit = _nested(MAX_DEPTH + 1, 400)
    assert _depth(_brackets(lit)) == MAX_DEPTH + 1
    assert lift_literals(f"x = {lit}\n")[1] == {}
    assert type(parse_cell(f"x = {lit}\n")[0].value) is A.List


def test_a_malformed_long_literal_gets_the_grammars_error():
    lit = _nested(2, 600)
    bad = lit[:100] + ",," + lit[100:]
    with pytest.raises(ScriptSyntaxError) as e:
        parse_cell(f"x = {bad}\n")
    assert e.value.message == "unexpected ','"
    assert e.value.span.column == len("x = ") + bad.index(",,") + 1      # ", ,,": the first of the pair


@pytest.mark.parametrize("text,want", [
    ("[1, 2.5]", ([1, 2.5], False)), ("[1, 2; 3, 4]", ([[1, 2], [3, 4]], True)),
    ("[.5, 1., +2, 1_000]", ([0.5, 1.0, 2, 1000], False)),
    ("[1, x]", (None, False)), ("[1, 'a']", (None, False)), ("[1, π]", (None, False)),
])
def test_read_numbers_reads_only_numbers(text, want):
    from gradcli.lang.literals import read_numbers
    assert read_numbers(text) == want


@pytest.mark.parametrize("rows, items", [
    ("[{row}, {row}]", 2),                          # a matrix: copied a level at a time
    ("[1.5, {row}, [{row}, 2]]", 3),                # numbers and lists on one level
])
def test_a_long_literal_is_a_new_list_each_time_it_runs(rows, items):
    """As a list display in Python: changing the list one run made leaves
    the next one as written (the value read at parse time is never handed out)."""
    from gradcli.session import run_source
    row = "[" + ", ".join(f"{i}.25" for i in range(300)) + "]"
    lit = rows.format(row=row)
    assert len(lit) >= MIN_LENGTH
    src = (f"for i in range(3):\n    a = {lit}\n    a.append(i)\n    a[1].append(i)\n"
           "    print(len(a), len(a[1]))\n")
    res = run_source(src, "<test>")
    assert res.exit_code == 0
    assert [ev.values for ev in res.events if ev.kind == "print"] == [(items + 1, 301)] * 3


def test_torch_tensor_of_a_long_literal_takes_it_as_it_is(monkeypatch):
    """``torch.tensor(<literal>)`` hands the parsed lists to the constructor
    (``create.Literal``: no copy, no scan for numpy scalars), with the dtype
    and values the lists give, each run a new tensor; another function, or
    the literal elsewhere, gets its own new list."""
    from gradcli.ops import create
    from gradcli.session import run_source
    seen = []
    data_array = create._data_array
    monkeypatch.setattr(create, "_data_array", lambda d, dtype=None: seen.append(type(d)) or data_array(d, dtype))
    floats = "[" + ", ".join(f"{i}.5" for i in range(400)) + "]"
    ints = "[" + ", ".join(str(i) for i in range(600)) + "]"
    assert min(len(floats), len(ints)) >= MIN_LENGTH
    src = (f"import torch\nfor i in range(2):\n    x = torch.tensor({floats})\n    x[0] = 99.0\n"
           f"    print(x.dtype, x[0].item(), x[1].item())\n"
           f"y = torch.tensor({ints}, dtype=torch.float64)\nz = torch.tensor({ints})\nw = torch.as_tensor({ints})\n"
           "print(y.dtype, z.dtype, z.sum().item(), w.dtype)\n")
    res = run_source(src, "<test>")
    assert res.exit_code == 0, res.events
    assert [tuple(map(str, ev.values)) for ev in res.events if ev.kind == "print"] == [
        ("torch.float32", "99.0", "1.5")] * 2 + [("torch.float64", "torch.int64", "179700", "torch.int64")]
    assert [t for t in seen if t in (create.Literal, list)] == [create.Literal] * 4 + [list]


def test_a_multi_line_literal_keeps_the_lines_and_columns_after_it():
    rows = ",\n ".join("[" + ", ".join(f"{r}.{c}5" for c in range(300)) + "]" for r in range(3))
    source = f"x = [{rows}]  # end\ny = 1\n"
    lifted, table = lift_literals(source)
    (name,) = table
    lines, original = lifted.split("\n"), source.split("\n")
    assert lines[0] == f"x = ({name}" and lines[1] == ""
    assert len(lines) == len(original) and lines[3:] == original[3:]
    assert len(lines[2]) == len(original[2]) and lines[2].endswith(")  # end")
