"""``--format github``: GitHub Actions workflow commands, written as ruff
writes them, so each error, warning and failed check shows as an annotation
on the line of the script it concerns:

    ::error title=gradcli (RuntimeError),file=x.py,line=3,col=5,endLine=3,endColumn=22::x.py:3:5: RuntimeError: ...

What the script prints still goes to stdout as PyTorch prints it.
"""
from __future__ import annotations

from .torch_out import TorchText, warning_category


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, kind: str, path: str, message: str, line: int = 0, col: int = 0,
               end_line: int = 0, end_col: int = 0) -> str:
    """One workflow command (``level``: error, warning or notice)."""
    props = [f"title={_prop(f'gradcli ({kind})')}", f"file={_prop(path)}"]
    where = path
    if line:
        props.append(f"line={line}")
        where += f":{line}"
        if col:
            props.append(f"col={col}")
            where += f":{col}"
        if end_line:
            props.append(f"endLine={end_line}")
        if end_col:
            props.append(f"endColumn={end_col}")
    return f"::{level} {','.join(props)}::{_data(f'{where}: {kind}: {message}' if message else f'{where}: {kind}')}\n"


def error_annotation(err, path: str) -> str:
    s = err.span
    message = err.message + (f" (hint: {err.hint})" if err.hint else "")
    if s is None:
        return annotation("error", err.kind, path, message)
    return annotation("error", err.kind, path, message, s.line, s.column, s.end_line, s.end_column)


class GithubAnnotations(TorchText):
    """Script output as ``--format torch``; errors and warnings as annotations on stdout."""

    def __call__(self, ev):
        if ev.kind == "error":
            self.out.write(error_annotation(ev.error, self.path))
            self.out.flush()
        elif ev.kind == "warning":
            if not self.quiet:
                self.out.write(annotation("warning", warning_category(ev), self.path, ev.message, ev.line))
        else:
            super().__call__(ev)
