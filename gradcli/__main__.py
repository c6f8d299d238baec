"""``python -m gradcli`` and the ``gradcli`` console script."""
import gc
import os
import sys

# NOTE: numpy's OpenBLAS starts its worker threads as numpy loads, and each
# spins (yielding) for 2**28 CPU cycles, about 0.1 s, after loading and after
# every product, before it sleeps. A gradcli process lives a fraction of a
# second: the spinning threads took a core from gradcli's own (10 million
# float32 randn on 2 CPUs: 85 ms wall and 135 ms CPU, against 63 and 95).
# 2**20 cycles (~0.4 ms) still spans the gap between the products of a
# training step: waking sleeping threads for each product made 96x96 to
# 192x192 products in a loop up to twice as slow (2**4 cycles), 2**16 a
# little slower, 2**20 as fast as the default. A value the user set is kept.
os.environ.setdefault("OPENBLAS_THREAD_TIMEOUT", "20")

_JSON_FLAGS = ("--json-lines", "--format=json", "-fjson")


def _wants_json(argv) -> bool:
    """Whether the command line asked for JSON (so even a bad option gets a document)."""
    for i, a in enumerate(argv):
        if a in _JSON_FLAGS or (a in ("-f", "--format") and i + 1 < len(argv) and argv[i + 1] == "json"):
            return True
    return False


def _usage_failure(e, argv) -> int:
    """A command line click rejected: its message on stderr (as typer shows
    it), and under --format json one JSON document on stdout too."""
    try:
        from typer import rich_utils
        rich_utils.rich_format_error(e)
    except (ImportError, AttributeError):
        e.show()
    if _wants_json(argv):
        from .render.json_out import failure_document
        sys.stdout.write(failure_document("<command line>", "UsageError", e.format_message(), e.exit_code) + "\n")
    return e.exit_code


def main(exit_process: bool = True):
    """The command line in ``sys.argv``. ``exit_process``: this call is the
    whole process (the console script, ``python -m gradcli``), so a fast
    command may end it at once; an embedding caller passes False."""
    # NOTE: start-up (imports, loading the parser) allocates many long-lived
    # objects and no garbage; collecting meanwhile only costs time. The
    # command turns collection back on (formula_commands.resume_gc) when it
    # starts computing.
    gc.disable()
    try:
        _main(exit_process)
    finally:
        gc.enable()


def _main(exit_process: bool):
    try:
        from .quickargs import read_command_line
        fast = read_command_line(sys.argv[1:])
        if fast is not None:                # a common command line: no typer, no click
            from .quickargs import run_command
            code = run_command(*fast)
            if exit_process:
                end_process(code)
            raise SystemExit(code)
        import click
        from .cli import app
        from .formula_commands import resume_gc
        resume_gc()
        try:
            rv = app(prog_name="gradcli", standalone_mode=False)
        except click.UsageError as e:
            raise SystemExit(_usage_failure(e, sys.argv[1:])) from None
        except click.Abort:
            raise KeyboardInterrupt from None
        code = rv if isinstance(rv, int) else 0
        if exit_process:
            # NOTE: a script's run leaves its graph behind (100,000 nodes
            # after a long loop): tearing it down object by object would
            # cost more than some runs.
            end_process(code)
        raise SystemExit(code)
    except KeyboardInterrupt:
        sys.stderr.write("gradcli: interrupted\n")
        raise SystemExit(130)


def end_process(code: int):
    """End the process with ``code`` once its output is flushed, without
    tearing down every module and object first (several milliseconds of a
    formula's run). If the output cannot be flushed (a closed pipe), Python's
    own exit reports it as always."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        raise SystemExit(code) from None
    os._exit(code)


if __name__ == "__main__":
    main()
