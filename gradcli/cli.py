"""The typer commands: parse options, call the library, render once.

Exit codes (SPEC §5): 0 ok, 1 a script failed, 2 usage/syntax/input error,
3 internal error (one line; the traceback only with --debug), 130 Ctrl-C.
"""
from __future__ import annotations

import os
import sys
from enum import Enum
from typing import List, Optional

import typer

from . import __version__

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  context_settings={"help_option_names": ["-h", "--help"]},
                  help="gradcli — a gradient calculator with PyTorch's autograd semantics, on numpy.")


class Format(str, Enum):
    rich = "rich"
    torch = "torch"
    json = "json"


class Reduce(str, Enum):
    sum = "sum"
    mean = "mean"


class DType(str, Enum):
    float32 = "float32"
    float64 = "float64"


# ***** shared options, declared once *****
FormatOpt = typer.Option(Format.rich, "--format", "-f", help="rich (default), torch (PyTorch's exact text) or json.")
NoColorOpt = typer.Option(False, "--no-color", help="No colour (NO_COLOR is honoured too).")
QuietOpt = typer.Option(False, "--quiet", "-q", help="Only errors and the exit code.")
MaxElemOpt = typer.Option(50_000_000, "--max-elements", help="Largest tensor allowed, in elements.")
DebugOpt = typer.Option(False, "--debug", help="Show Python tracebacks of internal errors.")
TraceOpt = typer.Option(False, "--trace", help="Show each backward pass step by step: the gradient into "
                                               "each node and what it sends to each input.")


def _version(value: bool):
    if value:
        print(f"gradcli {__version__}")
        raise typer.Exit(0)


@app.callback()
def main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                      help="Show the version and exit.")):
    """gradcli — a gradient calculator with PyTorch's autograd semantics, on numpy."""


def _consoles(no_color: bool):
    from rich.console import Console
    nc = no_color or "NO_COLOR" in os.environ
    return Console(no_color=nc, highlight=False, soft_wrap=False), \
        Console(stderr=True, no_color=nc, highlight=False)


def _guard(fn, debug: bool):
    """Run a command body: user errors → message + exit code, bugs → exit 3."""
    from .errors import GradcliError, render_error
    try:
        return fn()
    except GradcliError as e:
        sys.stderr.write(("gradcli: " + render_error(e, "gradcli", None).split(": ", 1)[1]
                          if e.span is None else render_error(e, "gradcli", None)) + "\n")
        return e.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("gradcli: interrupted\n")
        return 130
    except (typer.Exit, SystemExit):
        raise
    except BrokenPipeError:
        return 0
    except Exception as e:  # noqa: BLE001 — the one place bugs are caught
        if debug:
            import traceback
            traceback.print_exc()
        sys.stderr.write(f"gradcli: internal error ({type(e).__name__}: {e}). This is a bug in gradcli; "
                         "please report it with the input that caused it (add --debug for the traceback).\n")
        return 3


# ***** run *****

@app.command()
def run(files: List[str] = typer.Argument(..., help="Script files, or - for stdin."),
        format: Format = FormatOpt, no_color: bool = NoColorOpt, quiet: bool = QuietOpt,
        max_elements: int = MaxElemOpt,
        max_steps: int = typer.Option(10_000_000, "--max-steps", help="Statements a script may execute."),
        fail_fast: bool = typer.Option(False, "--fail-fast", help="Stop at the first file that fails."),
        trace: bool = TraceOpt, debug: bool = DebugOpt):
    """Run scripts (each in a fresh environment) and show what they print."""
    def body():
        from .engine.context import CONTEXT
        from .session import run_source
        CONTEXT.trace = trace
        results, code = [], 0
        console = err_console = None
        if format is Format.rich:
            console, err_console = _consoles(no_color)
        for path in files:
            got = _read(path, results)
            if got is None:
                code = max(code, 2)
                if fail_fast:
                    break
                continue
            name, source = got
            if format is Format.torch:
                from .render.torch_out import TorchText
                emit = TorchText(sys.stdout, sys.stderr, name, source, quiet)
            elif format is Format.rich:
                from .render.rich_view import RichView
                emit = view = RichView(console, err_console, name, source, quiet)
            else:
                from .render.torch_out import TorchText
                emit = _json_stderr(name, source)
            res = run_source(source, name, emit, max_steps=max_steps, max_elements=max_elements)
            if format is Format.rich:
                view.gradients(res.variables)
            results.append(res)
            code = max(code, res.exit_code)
            sys.stdout.flush()
            if fail_fast and res.exit_code:
                break
        if format is Format.json:
            from .render.json_out import document
            sys.stdout.write(document(results, code) + "\n")
        elif len(results) > 1 and not quiet:
            _summary(results, format, no_color)
        return code
    raise typer.Exit(_guard(body, debug))


def _read(path, results):
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


def _json_stderr(name, source):
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


def _summary(results, format, no_color):
    rows = [(r.path, "ok" if r.ok else f"failed (exit {r.exit_code})", f"{r.seconds * 1000:.1f} ms") for r in results]
    if format is Format.rich:
        from rich.table import Table
        console, _ = _consoles(no_color)
        table = Table(title="Summary", title_justify="left")
        for col in ("file", "result", "time"):
            table.add_column(col)
        for row in rows:
            table.add_row(*row)
        console.print(table)
    else:
        w = max(len(r[0]) for r in rows)
        sys.stderr.write("\n".join(f"{p.ljust(w)}  {s}  {t}" for p, s, t in rows) + "\n")


# ***** formulas: grad, jacobian, hessian *****

FormulaArg = typer.Argument(..., help="The formula, e.g. \"((x+2)*(x-2)).sum()\".")
AtOpt = typer.Option(None, "--at", "-a", help="NAME=VALUE: a leaf with requires_grad=True.")
ConstOpt = typer.Option(None, "--const", "-c", help="NAME=VALUE: a constant (no grad).")
DTypeOpt = typer.Option(DType.float32, "--dtype", help="float32 (default) or float64.")


def _bind(specs, what, dtype):
    from .engine import dtypes as D
    from .errors import UsageError
    from .formula import parse_value
    out = {}
    for spec in specs or []:
        name, sep, value = spec.partition("=")
        name = name.strip()
        if not sep or not name.isidentifier():
            raise UsageError(f"{what} {spec!r}: expected NAME=VALUE, e.g. {what} x=\"[1,2;3,4]\"")
        if name in out:
            raise UsageError(f"{what} {name}=...: {name} is bound twice")
        out[name] = parse_value(value.strip(), name, D.float64 if dtype is DType.float64 else D.float32)
    return out


def _leaves(at, const, dtype, max_elements):
    """The -a leaves (requires_grad=True) and -c constants."""
    from .engine.context import CONTEXT
    from .errors import UsageError
    CONTEXT.max_elements = max_elements
    leaves = _bind(at, "-a", dtype)
    consts = _bind(const, "-c", dtype)
    clash = set(leaves) & set(consts)
    if clash:
        raise UsageError(f"{', '.join(sorted(clash))} is bound by both -a and -c")
    for t in leaves.values():
        t.requires_grad = True
    return leaves, consts


def _run_formula(formula, compute, variables, views, format, no_color):
    """Compute, then render once in the chosen format: ``views`` maps
    "json" (→ the result object), "torch" (→ text) and "rich" (console →
    None). Errors in the formula: a message with a caret (and in JSON mode
    the document too)."""
    import time
    from .errors import GradcliError, render_error
    from .session import RunResult
    start = time.perf_counter()
    res = RunResult("<formula>", formula)
    res.variables = variables
    try:
        out = compute()
    except GradcliError as e:
        if format is Format.json:
            from .lang.interp import Event
            from .render.json_out import document
            res.events.append(Event("error", e.span.line if e.span else 0, error=e))
            res.exit_code = e.exit_code
            sys.stdout.write(document([res], e.exit_code) + "\n")
        sys.stderr.write(render_error(e, "<formula>", formula) + "\n")
        return e.exit_code
    res.seconds = time.perf_counter() - start
    if views is None:                              # --quiet
        return 0
    if format is Format.json:
        from .render.json_out import document
        res.result = views["json"](out)
        sys.stdout.write(document([res], 0) + "\n")
    elif format is Format.torch:
        sys.stdout.write(views["torch"](out))
    else:
        console, _ = _consoles(no_color)
        views["rich"](console, out)
    return 0


@app.command()
def grad(formula: str = FormulaArg, at: Optional[List[str]] = AtOpt, const: Optional[List[str]] = ConstOpt,
         dtype: DType = DTypeOpt,
         wrt: Optional[List[str]] = typer.Option(None, "--wrt", help="Show only these leaves."),
         reduce: Optional[Reduce] = typer.Option(None, "--reduce", help="Reduce a non-scalar value: sum or mean."),
         emit: Optional[str] = typer.Option(None, "--emit", help="torch: print an equivalent PyTorch script."),
         format: Format = FormatOpt, no_color: bool = NoColorOpt, quiet: bool = QuietOpt,
         max_elements: int = MaxElemOpt, trace: bool = TraceOpt, debug: bool = DebugOpt):
    """Evaluate one formula, backpropagate, and show every node and .grad."""
    def body():
        from .errors import UsageError
        from .formula import evaluate, torch_script
        from .render import formula_out as V
        leaves, consts = _leaves(at, const, dtype, max_elements)
        for name in wrt or []:
            if name not in leaves:
                raise UsageError(f"--wrt {name}: {name} is not an -a leaf")
        red = reduce.value if reduce is not None else None
        if emit is not None:
            if emit != "torch":
                raise UsageError(f"--emit {emit}: only --emit torch is offered")
            sys.stdout.write(torch_script(formula, leaves, consts, red))
            return 0
        shown = {k: v for k, v in leaves.items() if not wrt or k in wrt}

        def compute():
            return _traced(lambda: evaluate(formula, leaves, consts, red), leaves) if trace else \
                evaluate(formula, leaves, consts, red)
        views = None if quiet else {
            "json": lambda out: V.grad_json(out, shown), "torch": lambda out: V.grad_torch(out, shown),
            "rich": lambda console, out: _rich().show_formula(console, out, wrt, trace)}
        return _run_formula(formula, compute, {**shown, **consts}, views, format, no_color)
    raise typer.Exit(_guard(body, debug))


def _traced(evaluate, leaves):
    """Evaluate a formula with the backward pass recorded (--trace)."""
    from .engine.context import CONTEXT
    from .render.trace_text import label_steps
    seen = []
    CONTEXT.trace, CONTEXT.on_backward = True, lambda root, steps: seen.append((root, steps))
    try:
        out = evaluate()
    finally:
        CONTEXT.trace, CONTEXT.on_backward = False, None
    root, steps = seen[-1]
    out.trace = (root, label_steps(steps, [(s, t) for s, t in out.nodes] + list(leaves.items())))
    return out


def _rich():
    from .render import rich_view
    return rich_view


def _derivative_command(kind, formula, at, const, dtype, format, no_color, quiet, max_elements, debug):
    def body():
        from . import derivatives
        from .render import formula_out as V
        leaves, consts = _leaves(at, const, dtype, max_elements)
        compute = {"jacobian": derivatives.jacobian, "hessian": derivatives.hessian}[kind]
        views = None if quiet else {"json": V.derivative_json, "torch": V.derivative_torch,
                                    "rich": lambda console, out: _rich().show_derivative(console, out)}
        return _run_formula(formula, lambda: compute(formula, leaves, consts), {**leaves, **consts},
                            views, format, no_color)
    raise typer.Exit(_guard(body, debug))


@app.command()
def jacobian(formula: str = FormulaArg, at: Optional[List[str]] = AtOpt, const: Optional[List[str]] = ConstOpt,
             dtype: DType = DTypeOpt, format: Format = FormatOpt, no_color: bool = NoColorOpt,
             quiet: bool = QuietOpt, max_elements: int = MaxElemOpt, debug: bool = DebugOpt):
    """The Jacobian of the formula's value with respect to each -a leaf."""
    _derivative_command("jacobian", formula, at, const, dtype, format, no_color, quiet, max_elements, debug)


@app.command()
def hessian(formula: str = FormulaArg, at: Optional[List[str]] = AtOpt, const: Optional[List[str]] = ConstOpt,
            dtype: DType = DTypeOpt, format: Format = FormatOpt, no_color: bool = NoColorOpt,
            quiet: bool = QuietOpt, max_elements: int = MaxElemOpt, debug: bool = DebugOpt):
    """The Hessian of a one-valued formula with respect to the -a leaves."""
    _derivative_command("hessian", formula, at, const, dtype, format, no_color, quiet, max_elements, debug)


# ***** graph *****

class GraphFormat(str, Enum):
    rich = "rich"
    dot = "dot"
    mermaid = "mermaid"
    json = "json"


@app.command()
def graph(target: str = typer.Argument(..., help="A formula, or a script (- for stdin) with --root NAME."),
          at: Optional[List[str]] = AtOpt, const: Optional[List[str]] = ConstOpt, dtype: DType = DTypeOpt,
          root: Optional[str] = typer.Option(None, "--root", help="Run TARGET as a script; draw from this variable."),
          format: GraphFormat = typer.Option(GraphFormat.rich, "--format", "-f",
                                             help="rich (a tree), dot (Graphviz), mermaid or json."),
          output: Optional[str] = typer.Option(None, "--output", "-o",
                                               help="Write the DOT, Mermaid or JSON to this file (atomically)."),
          no_color: bool = NoColorOpt, max_elements: int = MaxElemOpt,
          max_steps: int = typer.Option(10_000_000, "--max-steps", help="Statements a script may execute."),
          debug: bool = DebugOpt):
    """The autograd graph from a root: grad_fn nodes down to the AccumulateGrad leaves."""
    def body():
        import time
        from .engine.graph import collect
        from .errors import GradcliError, UsageError, render_error
        from .render import graph_out as V
        from .session import RunResult
        if output is not None and format is GraphFormat.rich:
            raise UsageError("--output writes DOT, Mermaid or JSON: add --format dot, mermaid or json")
        start = time.perf_counter()
        if root is not None:
            if at or const:
                raise UsageError("-a and -c bind formula leaves; with --root the script makes its own tensors")
            from .inputs import read_script
            from .session import run_source
            name, source = read_script(target)
            res = run_source(source, name, _json_stderr(name, source), max_steps=max_steps,
                             max_elements=max_elements)
            value = res.variables.get(root)
            if value is None:
                tensors = sorted(k for k, v in res.variables.items() if type(v).__name__ == "Tensor")
                raise UsageError(f"--root {root}: the script has no variable {root!r}"
                                 + (f" (its tensors: {', '.join(tensors)})" if tensors else ""))
            labels, title, code = list(res.variables.items()), root, res.exit_code
        else:
            from .formula import forward
            from .session import quiet_numerics
            name, source = "<formula>", target
            res = RunResult(name, target)
            leaves, consts = _leaves(at, const, dtype, max_elements)
            seen = []
            try:
                with quiet_numerics():
                    interp, _, value = forward(target, leaves, consts,
                                               lambda node, v: seen.append((node, v)))
            except GradcliError as e:
                sys.stderr.write(render_error(e, name, target) + "\n")
                return e.exit_code
            labels = [(interp.text(n.span), v) for n, v in seen] + list(leaves.items())
            res.variables = {**leaves, **consts}
            title, code = target, 0
        try:
            g = collect(value, labels) if type(value).__name__ == "Tensor" else None
        except GradcliError as e:
            raise UsageError(f"{title}: {e.message}", e.hint) from None
        if g is None:
            raise UsageError(f"--root {root}: {root} is not a tensor")
        res.seconds = time.perf_counter() - start
        if format is GraphFormat.rich:
            console, _ = _consoles(no_color)
            console.print(V.rich_tree(g, f"autograd graph of {title}", console.width))
            return code
        if format is GraphFormat.json:
            from .render.json_out import document
            res.result = V.graph_json(g, title)
            text = document([res], code) + "\n"
        else:
            text = (V.dot if format is GraphFormat.dot else V.mermaid)(g, title)
        if output is not None:
            from .outfile import write_atomic
            write_atomic(output, text)
        else:
            sys.stdout.write(text)
        return code
    raise typer.Exit(_guard(body, debug))


# ***** check *****

@app.command()
def check(files: List[str] = typer.Argument(..., help="Script files, or - for stdin."),
          atol: float = typer.Option(1e-5, "--atol", help="Absolute tolerance against finite differences."),
          rtol: float = typer.Option(1e-3, "--rtol", help="Relative tolerance against finite differences."),
          eps: float = typer.Option(1e-6, "--eps", help="Step of the central differences (float64)."),
          junit: Optional[str] = typer.Option(None, "--junit", help="Also write a JUnit XML report here."),
          format: Format = FormatOpt, no_color: bool = NoColorOpt, quiet: bool = QuietOpt,
          max_elements: int = MaxElemOpt,
          max_steps: int = typer.Option(10_000_000, "--max-steps", help="Statements a script may execute."),
          debug: bool = DebugOpt):
    """Run scripts as tests: every assert counts, and every backward() and
    autograd.grad is checked against central finite differences in float64."""
    def body():
        import weakref
        from .engine.context import CONTEXT
        from .engine.fdcheck import CheckConfig
        from .errors import UsageError
        from .render import check_out as V
        from .session import run_source
        if eps <= 0 or atol < 0 or rtol < 0:
            raise UsageError("--eps must be positive, --atol and --rtol not negative")
        results, sources, code = [], {}, 0
        console = _consoles(no_color)[0] if format is Format.rich else None
        try:
            CONTEXT.check = CheckConfig(eps, atol, rtol)
            for path in files:
                got = _read(path, results)
                if got is None:
                    code = max(code, 2)
                    continue
                name, source = got
                CONTEXT.snapshots = weakref.WeakKeyDictionary()
                res = run_source(source, name, _json_stderr(name, source), max_steps=max_steps,
                                 max_elements=max_elements)
                CONTEXT.snapshots = None
                results.append(res)
                sources[id(res)] = source
                code = max(code, res.exit_code)
                if quiet or format is Format.json:
                    continue
                if format is Format.rich:
                    console.print(V.rich_report(res))
                else:
                    sys.stdout.write(V.text_report(res))
        finally:
            CONTEXT.check, CONTEXT.snapshots = None, None
        if format is Format.json:
            from .render.json_out import document
            sys.stdout.write(document(results, code) + "\n")
        if junit is not None:
            from .outfile import write_atomic
            write_atomic(junit, V.junit_xml(results, lambda r: sources.get(id(r), "")))
        return code
    raise typer.Exit(_guard(body, debug))


# ***** repl *****

@app.command()
def repl(format: Format = FormatOpt, no_color: bool = NoColorOpt, max_elements: int = MaxElemOpt,
         max_steps: int = typer.Option(10_000_000, "--max-steps", help="Statements one input may execute."),
         trace: bool = TraceOpt, debug: bool = DebugOpt):
    """An interactive session in the script language; each input's last value is shown."""
    def body():
        from .engine.context import CONTEXT
        from .repl import run_repl
        CONTEXT.trace = trace
        if format is Format.json:
            from .errors import UsageError
            raise UsageError("the repl shows values as rich or torch text, not json")
        if format is Format.rich:
            from .render.rich_view import RichView
            console, err_console = _consoles(no_color)
            return run_repl(lambda src: RichView(console, err_console, "<repl>", src), max_steps, max_elements)
        from .render.torch_out import TorchText
        return run_repl(lambda src: TorchText(sys.stdout, sys.stderr, "<repl>", src), max_steps, max_elements)
    raise typer.Exit(_guard(body, debug))
