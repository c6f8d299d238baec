"""The interpreter's source text of a span (what print and expression
statements show): line by line as the source's lines are, found as far as
the span reaches."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gradcli.errors import Span
from gradcli.lang.interp import Interpreter


def _by_split(source: str, span: Span) -> str:
    lines = source.split("\n")[span.line - 1:span.end_line]
    if not lines:
        return ""
    if len(lines) == 1:
        return lines[0][span.column - 1:span.end_column - 1]
    lines[0] = lines[0][span.column - 1:]
    lines[-1] = lines[-1][:span.end_column - 1]
    return "\n".join(lines)


def _interp(source: str) -> Interpreter:
    return Interpreter(source, lambda ev: None, 1000)


def test_one_line_multi_line_and_past_the_end():
    source = "a = 1\nprint(a,\n      2)\n"
    it = _interp(source)
    assert it.text(Span(1, 1, 1, 6)) == "a = 1"
    assert it.text(Span(2, 1, 3, 9)) == "print(a,\n      2)"
    assert it.text(Span(2, 7, 2, 99)) == "a,"
    assert it.text(Span(4, 1, 4, 5)) == ""
    assert it.text(Span(9, 1, 9, 5)) == ""


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab\n ", max_size=30), st.lists(st.tuples(st.integers(1, 8), st.integers(0, 3),
                                                                  st.integers(1, 6), st.integers(1, 6)),
                                                        min_size=1, max_size=6))
def test_the_same_text_as_the_source_split_into_lines(source, spans):
    it = _interp(source)
    for line, more, col, end_col in spans:         # asked in any order: the line starts found are kept
        span = Span(line, col, line + more, end_col)
        assert it.text(span) == _by_split(source, span)
