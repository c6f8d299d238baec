"""Batches of scripts for ``gradcli run``: which files a run takes
(directories walked, ``--shard`` slices), running them one after another or
in worker processes (``--jobs``) with the output still in file order, and
the closing summary as pytest prints it (``1 failed, 199 passed in 0.91s``).

Each file runs in its own fresh environment; a failure in one never stops
or corrupts the others (unless ``--fail-fast``).
"""
from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from typing import Optional

from .errors import UsageError

SCRIPT_SUFFIXES = (".py", ".grad", ".ipynb")
# Parsed once before worker processes fork (see run_many).
_WARM_UP = """import torch
x = torch.tensor([[1.0, -2.0], [3.5, 4e-1]], requires_grad=True)
y = (x * 2 + 1).tanh().sum(dim=0, keepdim=True) ** 2 / 3 - x[0, 1]
for i in range(2):
    with torch.no_grad():
        x -= 0.1 * x if i > 0 else x
f = lambda t: t.mean()
print("y", y, f(x).item(), sep=", ")
y.sum().backward()
"""


# ***** which files *****

def expand(paths: list[str]) -> list[str]:
    """Files to run: a directory stands for its scripts (``*.py``, ``*.grad``,
    ``*.ipynb``, recursively, in sorted order); anything else is itself."""
    out = []
    for p in paths:
        if p != "-" and os.path.isdir(p):
            found = []
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
                found.extend(os.path.normpath(os.path.join(root, f)) for f in files if f.endswith(SCRIPT_SUFFIXES))
            if not found:
                raise UsageError(f"{p}: no scripts ({', '.join('*' + s for s in SCRIPT_SUFFIXES)}) in this directory")
            out.extend(sorted(found))
        else:
            out.append(p)
    return out


def shard(files: list[str], spec: Optional[str]) -> list[str]:
    """The K-th of N deterministic slices (``--shard K/N``, K from 1): every
    N-th file starting at the K-th, so shards of a sorted batch balance."""
    if not spec:
        return files
    k, sep, n = spec.partition("/")
    try:
        k_, n_ = int(k), int(n)
    except ValueError:
        k_ = n_ = 0
    if not sep or n_ < 1 or not 1 <= k_ <= n_:
        raise UsageError(f"--shard {spec}: expected K/N with 1 <= K <= N, e.g. --shard 2/4")
    return files[k_ - 1::n_]


# ***** one file *****

@dataclass
class Outcome:
    """What the batch keeps of one file's run (small, so workers can send it)."""
    path: str
    exit_code: int
    seconds: float
    failure: Optional[tuple] = None      # (line, kind, message) of the first error
    stdout: str = ""                     # captured output (worker processes only)
    stderr: str = ""
    file_json: Optional[dict] = None     # the file's JSON object (--format json)
    extra: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.exit_code == 0


@dataclass
class RunOptions:
    format: str = "rich"                 # rich | torch | json | github
    quiet: bool = False
    color: str = "auto"                  # auto | always | never
    max_steps: int = 10_000_000
    max_elements: int = 50_000_000
    width: Optional[int] = None          # the parent's console width (workers)
    terminal: bool = False               # the parent's stdout is a terminal (workers)
    header: bool = False                 # a header line per file (rich, several files)
    trace_max: int = 0                   # --trace: backward passes shown per file (0: all)
    seed: Optional[int] = None           # --seed: where each file's random stream starts


def consoles(color: str = "auto", width: Optional[int] = None, terminal: Optional[bool] = None):
    """The stdout and stderr Rich consoles. ``color``: auto (at a terminal,
    unless NO_COLOR is set and non-empty), always, or never."""
    from rich.console import Console
    nc = color == "never" or (color == "auto" and bool(os.environ.get("NO_COLOR")))
    kw = {} if width is None else {"width": width}
    if color == "always":
        kw["force_terminal"] = True
    elif terminal is not None:
        kw["force_terminal"] = terminal
    return (Console(no_color=nc, highlight=False, soft_wrap=False, **kw),
            Console(stderr=True, no_color=nc, highlight=False, **kw))


def run_file(path: str, opts: RunOptions, rich_consoles=None) -> Outcome:
    """Read and run one script, streaming its output to sys.stdout/stderr
    in the chosen format."""
    from .inputs import read_script
    from .session import run_source
    if opts.seed is not None:
        from .engine.context import CONTEXT
        CONTEXT.seed = opts.seed
    start = time.perf_counter()
    try:
        name, source = read_script(path)
    except UsageError as e:
        if opts.format == "github":
            from .render.github_out import annotation
            sys.stdout.write(annotation("error", "UsageError", path, e.message))
        else:
            sys.stderr.write(f"gradcli: {e.message}\n")
        out = Outcome(path, 2, time.perf_counter() - start, (0, "UsageError", e.message))
        if opts.format == "json":
            out.file_json = {"path": path, "ok": False, "seconds": 0.0, "events": [], "variables": {},
                             "result": None, "error": {"type": "UsageError", "message": e.message, "line": 0,
                                                       "column": 0, "end_line": 0, "end_column": 0}}
        return out
    view = None
    if opts.format == "torch":
        from .render.torch_out import TorchText
        emit = TorchText(sys.stdout, sys.stderr, name, source, opts.quiet, opts.trace_max)
    elif opts.format == "github":
        from .render.github_out import GithubAnnotations
        emit = GithubAnnotations(sys.stdout, sys.stderr, name, source, opts.quiet)
    elif opts.format == "rich":
        from .render.rich_view import RichView
        c, e = rich_consoles or consoles(opts.color, opts.width, opts.terminal if opts.width else None)
        if opts.header and not opts.quiet:
            c.rule(name, align="left", style="bold")
        emit = view = RichView(c, e, name, source, opts.quiet, opts.trace_max)
    else:
        emit = json_stderr(name, source)
    res = run_source(source, name, emit, max_steps=opts.max_steps, max_elements=opts.max_elements)
    if hasattr(emit, "finish"):
        emit.finish()
    if view is not None:
        view.gradients(res.variables)
    sys.stdout.flush()
    out = outcome_of(res)
    if opts.format == "json":
        from .render.json_out import file_json
        out.file_json = file_json(res)
    return out


def outcome_of(res) -> Outcome:
    """The Outcome of a finished RunResult (its first error as the failure)."""
    err = res.error
    failure = None
    if res.exit_code:
        failure = (err.span.line if err is not None and err.span else 0,
                   err.kind if err is not None else "Failed", err.message if err is not None else "")
    return Outcome(res.path, res.exit_code, res.seconds, failure)


def json_stderr(name, source):
    """In JSON mode stdout holds the document only; errors still go to stderr."""
    from .errors import render_error
    from .render.json_out import event_json

    def emit(ev):
        if ev.kind == "error":
            sys.stderr.write(render_error(ev.error, name, source) + "\n")
        elif ev.kind in ("print", "display"):
            # NOTE: rendered now: a list or tensor printed may change later in the script
            ev.extra["json"] = event_json(ev)
    return emit


# ***** many files, in worker processes *****

_WORKER_OPTS: Optional[RunOptions] = None


def _init_worker(opts: RunOptions):
    global _WORKER_OPTS
    _WORKER_OPTS = opts
    # NOTE: Ctrl-C reaches the whole process group; the parent alone handles
    # it (and stops the workers), else the pool waits for a dead worker.
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run_captured(path: str) -> Outcome:
    """In a worker: run one file with its output captured, to be written by
    the parent in file order."""
    import io
    from contextlib import redirect_stderr, redirect_stdout
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            res = run_file(path, _WORKER_OPTS)
        except Exception as e:  # noqa: BLE001 — reported as this file's internal error
            err.write(f"gradcli: internal error ({type(e).__name__}: {e}). This is a bug in gradcli; "
                      "please report it with the input that caused it (add --debug for the traceback).\n")
            res = Outcome(path, 3, 0.0, (0, "InternalError", str(e)))
    res.stdout, res.stderr = out.getvalue(), err.getvalue()
    return res


def run_many(files: list[str], opts: RunOptions, jobs: int, fail_fast: bool, on_done=None):
    """Run ``files``; yields each Outcome in file order, as soon as it and
    every file before it have finished. With ``jobs`` > 1 the files run in
    that many processes and their captured output is written here."""
    if jobs <= 1 or len(files) <= 1:
        rich_consoles = consoles(opts.color) if opts.format == "rich" else None
        for path in files:
            res = run_file(path, opts, rich_consoles)
            yield res
            if fail_fast and res.exit_code:
                return
        return
    import multiprocessing as mp
    # NOTE: load the parser and the language before forking, so the workers
    # share them instead of each building its own; a first parse also
    # compiles the lexer's patterns and makes the parse table rows and the
    # AST builder's rules they all use.
    from .lang.parse import parse_module
    from . import session  # noqa: F401
    parse_module(_WARM_UP)
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    with ctx.Pool(min(jobs, len(files)), initializer=_init_worker, initargs=(opts,)) as pool:
        for res in pool.imap(_run_captured, files, chunksize=max(1, min(16, len(files) // (jobs * 8)))):
            sys.stdout.write(res.stdout)
            sys.stdout.flush()
            sys.stderr.write(res.stderr)
            yield res
            if fail_fast and res.exit_code:
                pool.terminate()
                return


def job_count(jobs: int) -> int:
    if jobs < 0:
        raise UsageError(f"--jobs {jobs}: expected 0 (one per core) or a positive number")
    return jobs or (os.cpu_count() or 1)


# ***** the summary *****

def summary_counts(outcomes: list[Outcome]) -> dict:
    failed = sum(1 for o in outcomes if o.exit_code == 1)
    errors = sum(1 for o in outcomes if o.exit_code >= 2)
    return {"files": len(outcomes), "passed": len(outcomes) - failed - errors, "failed": failed,
            "errors": errors}


def summary_lines(outcomes: list[Outcome], seconds: float, skipped: int = 0) -> list[str]:
    """pytest's short summary: a line per failed file (``FAILED path:line -
    Kind: message``), then ``1 failed, 2 passed in 0.05s``."""
    lines = []
    for o in outcomes:
        if o.ok:
            continue
        line, kind, message = o.failure or (0, "Failed", "")
        where = f"{o.path}:{line}" if line else o.path
        first = message.splitlines()[0] if message else ""
        lines.append(f"{'FAILED' if o.exit_code == 1 else 'ERROR'} {where} - {kind}" + (f": {first}" if first else ""))
    n = summary_counts(outcomes)
    parts = [f"{n['failed']} failed"] if n["failed"] else []
    if n["passed"]:
        parts.append(f"{n['passed']} passed")
    if skipped:
        parts.append(f"{skipped} skipped")
    if n["errors"]:
        parts.append(f"{n['errors']} error{'s' if n['errors'] != 1 else ''}")
    lines.append(f"{', '.join(parts) or 'no files ran'} in {seconds:.2f}s")
    return lines
