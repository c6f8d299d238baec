"""``gradcli repl``: an interactive session in the script language. Each
input runs in one lasting environment and its last expression is shown,
as in a notebook cell; blocks and open brackets continue on ``...`` lines.
Line editing and history come from the readline module where Python has
it (history in the gradcli cache folder)."""
from __future__ import annotations

import os
import sys

from .errors import ScriptSyntaxError

PROMPT, MORE = ">>> ", "... "
_INCOMPLETE = ("was never closed", "unexpected end of input", "unterminated triple-quoted string literal")


def needs_more(lines: list) -> bool:
    """Whether ``lines`` (read so far) are an unfinished statement."""
    if lines[0].rstrip().endswith(":") or lines[0].lstrip().startswith("@"):
        return lines[-1].strip() != ""          # a block ends with an empty line
    from .lang.parse import parse_cell
    try:
        parse_cell("\n".join(lines) + "\n")
    except ScriptSyntaxError as e:
        return any(s in e.message for s in _INCOMPLETE)
    return False


def _history_file():
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "gradcli", "repl_history")


_EOF = object()


def _read(interactive: bool, prompt: str):
    """One input line; None after Ctrl-C; _EOF at the end of input."""
    if interactive:
        try:
            return input(prompt)
        except EOFError:
            return _EOF
        except KeyboardInterrupt:
            sys.stdout.write("\nKeyboardInterrupt\n")
            return None
    line = sys.stdin.readline()
    return _EOF if line == "" else line.rstrip("\n")


def run_repl(make_view, max_steps: int, max_elements: int) -> int:
    """Read, run and show until the end of input. ``make_view(source)``
    gives the event sink for one input. The exit code is the highest of
    the inputs' (an error ends only its own input)."""
    from .engine.context import CONTEXT
    from .lang.interp import Interpreter
    interactive = sys.stdin.isatty()
    history = _setup_readline() if interactive else None
    if interactive:
        from . import __version__
        sys.stderr.write(f"gradcli {__version__} — PyTorch-flavoured autograd, on numpy. "
                         "Ctrl-C stops a running statement, Ctrl-D leaves.\n")
    CONTEXT.max_elements = max_elements
    sink = {"view": None}
    interp = Interpreter("", lambda ev: sink["view"](ev), max_steps)
    code, pending = 0, []
    try:
        while True:
            line = _read(interactive, MORE if pending else PROMPT)
            if line is None:
                pending = []
                continue
            if line is not _EOF:
                pending.append(line)
                if needs_more(pending):
                    continue
            if pending:
                text = "\n".join(pending) + "\n"
                pending = []
                sink["view"] = make_view(text)
                code = max(code, _run(interp, text))
            if line is _EOF:
                break
    finally:
        if history:
            _save_history(history)
    return code


def _run(interp, text: str) -> int:
    """One input, as a notebook cell of the lasting environment."""
    from .lang.ast import Cell, Module
    from .lang.parse import parse_cell
    from .session import quiet_numerics
    interp.source, interp.failed, interp.steps = text, 0, 0
    with quiet_numerics():
        try:
            cell = Cell(parse_cell(text), 1)
        except ScriptSyntaxError as err:
            cell = Cell((), 1, err)
        try:
            interp.run_module(Module((cell,), True))
        except KeyboardInterrupt:
            # NOTE: as Python's REPL: the statement stops, every binding made
            # so far stays, and the session goes on.
            sys.stdout.flush()
            sys.stderr.write("KeyboardInterrupt\n")
            return 1
    return interp.failed


def _setup_readline():
    try:
        import readline
    except ImportError:                        # no line editing on this Python
        return None
    path = _history_file()
    try:
        readline.read_history_file(path)
    except OSError:
        pass
    return path


def _save_history(path):
    import readline
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        readline.set_history_length(1000)
        readline.write_history_file(path)
    except OSError:
        pass
