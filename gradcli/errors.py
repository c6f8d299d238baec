"""Errors a user can cause, with source spans, and their caret rendering.

Every error that reaches a user is a ``GradcliError``: a Python-style type
name (``RuntimeError``, ``SyntaxError``, ...), PyTorch's wording where PyTorch
raises the same error, an optional hint saying how to fix it, and the span of
the source it points at. ``exit_code`` follows SPEC §5.
"""
from __future__ import annotations

from typing import NamedTuple, Optional


class Span(NamedTuple):
    """1-based line and column of the first character; end is exclusive."""
    line: int
    column: int
    end_line: int
    end_column: int


class GradcliError(Exception):
    """An error in the user's script or input."""

    exit_code = 1

    def __init__(self, kind: str, message: str, span: Optional[Span] = None,
                 hint: Optional[str] = None):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.span = span
        self.hint = hint

    def at(self, span: Optional[Span]) -> "GradcliError":
        """Attach a span if the error has none yet (the innermost wins)."""
        if self.span is None and span is not None:
            self.span = span
        return self


class ScriptSyntaxError(GradcliError):
    exit_code = 2

    def __init__(self, message: str, span: Optional[Span] = None, hint: Optional[str] = None,
                 kind: str = "SyntaxError"):
        super().__init__(kind, message, span, hint)


class UsageError(GradcliError):
    """Bad command-line use or unreadable input (exit 2)."""
    exit_code = 2

    def __init__(self, message: str, hint: Optional[str] = None, kind: str = "UsageError"):
        super().__init__(kind, message, None, hint)


def runtime_error(message: str, hint: Optional[str] = None) -> GradcliError:
    return GradcliError("RuntimeError", message, hint=hint)


def type_error(message: str, hint: Optional[str] = None) -> GradcliError:
    return GradcliError("TypeError", message, hint=hint)


def value_error(message: str, hint: Optional[str] = None) -> GradcliError:
    return GradcliError("ValueError", message, hint=hint)


def index_error(message: str, hint: Optional[str] = None) -> GradcliError:
    return GradcliError("IndexError", message, hint=hint)


def headline(err: GradcliError) -> str:
    """``Type: message``, or ``Type`` alone for an error without a message
    (``StopIteration``), as Python's traceback ends."""
    return f"{err.kind}: {err.message}" if err.message else err.kind


def render_error(err: GradcliError, filename: str, source: Optional[str]) -> str:
    """``FILE:LINE:COL: Type: message``, the source line, a caret, the hint."""
    span = err.span
    if span is None:
        head = f"{filename}: {headline(err)}"
        return head + (f"\n  hint: {err.hint}" if err.hint else "")
    lines = [f"{filename}:{span.line}:{span.column}: {headline(err)}"]
    text = _source_line(source, span.line)
    if text is not None:
        shown = text.expandtabs(1).rstrip("\r\n")
        if len(shown) > 200:                      # keep huge literal lines readable
            start = max(0, span.column - 80)
            shown = ("…" if start else "") + shown[start:start + 160]
            col = span.column - start + (1 if start else 0)
        else:
            col = span.column
        if span.end_line == span.line:
            width = max(1, min(span.end_column - span.column, len(shown) - col + 1))
        else:
            width = max(1, len(shown) - col + 1)
        lines.append("    " + shown)
        lines.append("    " + " " * (col - 1) + "^" * width)
    if filename.endswith(".ipynb") and source is not None:
        where = notebook_cell(source, span.line)
        if where is not None:
            lines.append(f"  in code cell {where[0]}, line {where[1]}")
    if err.hint:
        lines.append(f"  hint: {err.hint}")
    return "\n".join(lines)


def notebook_cell(source: str, line: int):
    """(code cell number, line in that cell), both from 1, of ``line`` of a
    notebook read as ``# %%`` cells (inputs.notebook_source), or None."""
    cell, start = 0, 0
    for i, text in enumerate(source.split("\n")[:line], 1):
        if text.startswith("# %%"):
            cell, start = cell + 1, i
    if cell == 0 or line == start:
        return None
    return cell, line - start


def _source_line(source: Optional[str], line: int) -> Optional[str]:
    if source is None or line < 1:
        return None
    start = 0
    for _ in range(line - 1):
        start = source.find("\n", start) + 1
        if start == 0:
            return None
    end = source.find("\n", start)
    return source[start:] if end < 0 else source[start:end]


def did_you_mean(name, candidates):
    """``did you mean 'sigmoid'?`` for the public name closest to a misspelt
    ``name`` among ``candidates`` (the table it resolves through), or None."""
    public = [c for c in candidates if isinstance(c, str) and c != name and not c.startswith("_")]
    swapped = {name[:i] + name[i + 1] + name[i] + name[i + 2:] for i in range(len(name) - 1)}
    import difflib            # only when a name is misspelt (a start-up cost saved)
    close = [c for c in public if c in swapped] or difflib.get_close_matches(name, public, n=1, cutoff=0.8)
    return f"did you mean '{close[0]}'?" if close else None
