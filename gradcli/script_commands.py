"""The bodies of the commands that run script files, ``run`` and ``check``:
scripts in, what they print or their checks and a summary out, the exit code
back. The typer app (``cli.py``) and the fast path for common command lines
(``quickargs.py``) both call them."""
from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Optional

from .formula_commands import RunFormat, color_choice, guard, resume_gc, use_seed


def load_before_collecting(format: RunFormat):
    """Load what running scripts in ``format`` needs while the collector is
    still paused (see ``resume_gc``)."""
    from . import batch, session  # noqa: F401
    if format is RunFormat.rich:
        import rich.console  # noqa: F401
        from .render import rich_view  # noqa: F401


def run_command(files, format: RunFormat, json_lines: bool, no_color: bool, color: str, quiet: bool,
                max_elements: int, max_steps: int, max_memory: Optional[str], fail_fast: bool, jobs: int,
                shard: Optional[str], trace: bool, trace_max: int, seed: Optional[int], debug: bool) -> int:
    """Run the scripts in ``files`` (paths, directories, ``-``); the exit code."""
    load_before_collecting(RunFormat.json if json_lines else format)
    resume_gc()

    def body():
        import time
        from . import batch
        from .engine.context import CONTEXT
        from .errors import UsageError
        CONTEXT.trace = trace
        CONTEXT.max_memory = memory_size(max_memory)
        paths = batch.shard(batch.expand(files), shard)
        n_jobs = batch.job_count(jobs)
        fmt = "json" if json_lines else format.value
        if trace_max < 0:
            raise UsageError(f"--trace-max {trace_max}: expected 0 (every pass) or a positive number")
        opts = batch.RunOptions(format=fmt, quiet=quiet, color=color_choice(no_color, color), max_steps=max_steps,
                                max_elements=max_elements, header=len(paths) > 1 and fmt == "rich",
                                trace_max=trace_max, seed=use_seed(seed))
        if fmt == "rich" and n_jobs > 1:
            c, _ = batch.consoles(color_choice(no_color, color))
            opts.width, opts.terminal = c.width, c.is_terminal
        start = time.perf_counter()
        outcomes = []
        interrupted = False
        try:
            with _progress(len(paths), format, quiet) as advance:
                for res in batch.run_many(paths, opts, n_jobs, fail_fast):
                    outcomes.append(res)
                    advance()
                    if json_lines:
                        from .render.json_out import document_of
                        sys.stdout.write(document_of([res.file_json], res.exit_code,
                                                     dict(batch.summary_counts([res]),
                                                          seconds=round(res.seconds, 6)), compact=True) + "\n")
                        sys.stdout.flush()
        except KeyboardInterrupt:
            # NOTE: Ctrl-C: what finished is still reported, then exit 130.
            interrupted = True
            sys.stdout.flush()
            sys.stderr.write("\ngradcli: interrupted\n")
        seconds = time.perf_counter() - start
        code = max((o.exit_code for o in outcomes), default=0)
        skipped = len(paths) - len(outcomes)
        if interrupted:
            code = 130
        elif skipped:
            sys.stderr.write(f"gradcli: stopped after the first failing file (--fail-fast); "
                             f"{skipped} file{'s' if skipped != 1 else ''} not run\n")
        if json_lines:
            pass
        elif format is RunFormat.json:
            from .render.json_out import document_of
            sys.stdout.write(document_of([o.file_json for o in outcomes], code,
                                         dict(batch.summary_counts(outcomes), seconds=round(seconds, 6))) + "\n")
        elif len(paths) > 1 and not quiet:
            lines = batch.summary_lines(outcomes, seconds, skipped)
            if format is RunFormat.rich:
                c, _ = batch.consoles(color_choice(no_color, color))
                c.rule("summary", align="left", style="bold")
                for line in lines[:-1]:
                    c.print(line, style="red", markup=False, highlight=False, soft_wrap=True)
                c.print(lines[-1], style="bold red" if code else "bold green", markup=False, highlight=False)
            else:
                sys.stderr.write("\n".join(lines) + "\n")
        return code
    return guard(body, debug, "<command line>" if json_lines or format is RunFormat.json else None)


def memory_size(text: Optional[str]) -> Optional[int]:
    """--max-memory SIZE in bytes: a number with an optional K, M, G or T (powers of 1024)."""
    from .errors import UsageError
    if text is None:
        return None
    t = text.strip().upper().removesuffix("B").removesuffix("I")
    scale = 1
    if t[-1:] in ("K", "M", "G", "T"):
        scale = 1 << (10 * ("KMGT".index(t[-1]) + 1))
        t = t[:-1]
    try:
        value = float(t)
    except ValueError:
        value = -1.0
    if not 0 < value < 1e18 or value != value:
        raise UsageError(f"--max-memory {text}: expected a size such as 4G, 512M or 1000000 (bytes)")
    return int(value * scale)


@contextmanager
def _progress(total: int, format, quiet: bool):
    """A progress bar on stderr when stderr is a terminal, the batch is long,
    and the bar would not mix with script output on the same terminal."""
    show = (total >= 20 and sys.stderr.isatty()
            and (quiet or format is RunFormat.json or not sys.stdout.isatty()))
    if not show:
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    with Progress(TextColumn("running"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("run", total=total)
        yield lambda: bar.advance(task)


def check_command(files, atol: float, rtol: float, eps: float, junit: Optional[str], format: RunFormat,
                  no_color: bool, color: str, quiet: bool, max_elements: int, max_steps: int,
                  max_memory: Optional[str], seed: Optional[int], debug: bool) -> int:
    """Run the scripts in ``files`` as tests, every gradient checked against
    finite differences; the exit code."""
    load_before_collecting(format)
    from .engine import fdcheck  # noqa: F401 -- loaded before collection resumes
    from .render import check_out  # noqa: F401
    resume_gc()
    use_seed(seed)

    def body():
        import time
        import weakref
        from .engine.context import CONTEXT
        from .engine.fdcheck import CheckConfig
        from .errors import UsageError
        from .render import check_out as V
        from .batch import json_stderr
        from .session import run_source
        CONTEXT.max_memory = memory_size(max_memory)
        if eps <= 0 or atol < 0 or rtol < 0:
            raise UsageError("--eps must be positive, --atol and --rtol not negative")
        from . import batch
        paths = batch.expand(files)
        results, sources, code = [], {}, 0
        console = batch.consoles(color_choice(no_color, color))[0] if format is RunFormat.rich else None
        start = time.perf_counter()
        try:
            CONTEXT.check = CheckConfig(eps, atol, rtol)
            for path in paths:
                got = read_or_report(path, results)
                if got is None:
                    code = max(code, 2)
                    continue
                name, source = got
                CONTEXT.snapshots = weakref.WeakKeyDictionary()
                res = run_source(source, name, json_stderr(name, source), max_steps=max_steps,
                                 max_elements=max_elements)
                CONTEXT.snapshots = None
                results.append(res)
                sources[id(res)] = source
                code = max(code, res.exit_code)
                if quiet or format is RunFormat.json:
                    continue
                if format is RunFormat.rich:
                    console.print(V.rich_report(res))
                elif format is RunFormat.github:
                    sys.stdout.write(V.github_report(res))
                else:
                    sys.stdout.write(V.text_report(res))
        finally:
            CONTEXT.check, CONTEXT.snapshots = None, None
        if format is RunFormat.json:
            from .render.json_out import document
            sys.stdout.write(document(results, code) + "\n")
        elif len(paths) > 1 and not quiet:
            outcomes = [batch.Outcome(r.path, r.exit_code, r.seconds, V.first_failure(r)) for r in results]
            lines = batch.summary_lines(outcomes, time.perf_counter() - start)
            if format is RunFormat.rich:
                for line in lines[:-1]:
                    console.print(line, style="red", markup=False, highlight=False, soft_wrap=True)
                console.print(lines[-1], style="bold red" if code else "bold green", markup=False, highlight=False)
            else:
                sys.stderr.write("\n".join(lines) + "\n")
        if junit is not None:
            from .outfile import write_atomic
            write_atomic(junit, V.junit_xml(results, lambda r: sources.get(id(r), "")), "--junit")
        return code
    return guard(body, debug, "<command line>" if format is RunFormat.json else None)


def read_or_report(path, results):
    """The script at ``path`` as (name, source), or None after saying why it
    can't be read (it then counts in ``results``, with exit code 2)."""
    from .errors import UsageError
    from .inputs import read_script
    from .lang.interp import Event
    from .session import RunResult
    try:
        return read_script(path)
    except UsageError as e:
        sys.stderr.write(f"gradcli: {e.message}\n")
        res = RunResult(path, "", exit_code=2)
        res.events.append(Event("error", 0, error=e))
        results.append(res)
        return None
