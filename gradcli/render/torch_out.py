"""``--format torch``: stdout exactly as ``python script.py`` with PyTorch;
warnings and errors on stderr as ``FILE:LINE: UserWarning: ...`` (or the
warning's own category) and
``FILE:LINE:COL: Type: message`` with the source line and a caret."""
from __future__ import annotations

from ..errors import render_error
from .pytext import print_text, to_repr


def warning_category(ev) -> str:
    """The Python warning class a warning event is shown as (UserWarning unless it says)."""
    return ev.extra.get("category", "UserWarning")


class TorchText:
    def __init__(self, out, err, path: str, source: str, quiet: bool = False, trace_max: int = 0):
        self.out, self.err, self.path, self.source, self.quiet = out, err, path, source, quiet
        self.trace_max, self.passes = trace_max, 0      # --trace-max (0: every pass), passes seen

    def finish(self):
        """After the run: say how many traced passes were not shown."""
        if self.trace_max and self.passes > self.trace_max:
            from .trace_text import hidden_passes_note
            self.err.write(hidden_passes_note(self.passes - self.trace_max, self.trace_max) + "\n")

    def __call__(self, ev):
        if ev.kind == "error":
            self.err.write(render_error(ev.error, self.path, self.source) + "\n")
            self.err.flush()
        elif self.quiet:
            return
        elif ev.kind == "print":
            self.out.write(print_text(ev.values, ev.sep, ev.end))
        elif ev.kind == "display":
            self.out.write(to_repr(ev.values[0]) + "\n")
        elif ev.kind == "backward" and ev.extra.get("steps") is not None:
            # NOTE: the trace goes to stderr, so stdout stays exactly PyTorch's.
            from .trace_text import trace_text
            self.passes += 1
            if self.trace_max and self.passes > self.trace_max:
                return
            self.out.flush()
            self.err.write(trace_text(ev.extra["root"], ev.line, ev.extra["steps"], self.passes))
            self.err.flush()
        elif ev.kind == "warning":
            self.out.flush()
            self.err.write(f"{self.path}:{ev.line}: {warning_category(ev)}: {ev.message}\n")
            self.err.flush()
