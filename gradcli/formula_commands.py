"""The commands that evaluate one formula (grad, jacobian, hessian) and the
pieces every command shares: the option values, --seed, colour, and the
guard that turns errors into messages and exit codes.

Nothing here imports typer, click or rich: ``cli.py`` declares the options
and calls these bodies, and so does the fast path for common command lines
(``quickargs.py``), which must not pay for importing the CLI framework.
"""
from __future__ import annotations

import errno
import gc
import sys
from enum import Enum
from typing import Optional


# ***** option values *****

class Format(str, Enum):
    rich = "rich"
    torch = "torch"
    json = "json"


class RunFormat(str, Enum):
    """The formats of the commands that run scripts (run, check)."""
    rich = "rich"
    torch = "torch"
    json = "json"
    github = "github"


class Reduce(str, Enum):
    sum = "sum"
    mean = "mean"


class DType(str, Enum):
    float32 = "float32"
    float64 = "float64"


# ***** shared by every command *****

def resume_gc():
    """Collect garbage again once gradcli has started (``__main__`` pauses the
    collector meanwhile). What start-up made — modules, tables, the parser —
    lives as long as the process: freeze() + unfreeze() move it to the oldest
    generation without a scan (two list splices, as session.quiet_numerics
    does after a run), so collections then look only at what the command makes.

    NOTE: called once the command's modules are loaded: an import after it
    is collected over as it runs (`gradcli run`'s language and engine: 69
    collections, 12-20 ms of a small script's process)."""
    gc.freeze()
    gc.unfreeze()
    gc.enable()


def color_choice(no_color: bool, color: str) -> str:
    """--no-color and --color as one choice: auto, always or never."""
    return "never" if no_color else color


def use_seed(seed: Optional[int]) -> Optional[int]:
    """--seed: every script or formula starts its random stream there."""
    from .engine.context import CONTEXT, DEFAULT_SEED
    CONTEXT.seed = DEFAULT_SEED if seed is None else seed & 0xFFFF_FFFF_FFFF_FFFF
    CONTEXT.rng = None
    return None if seed is None else CONTEXT.seed


# errno values of a failed write of the output (disk full, quota, file too large, I/O error)
OUTPUT_ERRNOS = frozenset((errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO))


def guard(fn, debug: bool, json_path: Optional[str] = None):
    """Run a command body: user errors → message + exit code, bugs → exit 3.
    With ``json_path`` (the command was asked for JSON), a failure still
    prints one JSON document, its error attributed to that path."""
    from .errors import GradcliError, render_error
    try:
        return fn()
    except GradcliError as e:
        sys.stderr.write(("gradcli: " + render_error(e, "gradcli", None).split(": ", 1)[1]
                          if e.span is None else render_error(e, "gradcli", None)) + "\n")
        if json_path is not None:
            from .render.json_out import failure_document
            sys.stdout.write(failure_document(json_path, e.kind, e.message + (f" (hint: {e.hint})" if e.hint
                                                                               else ""), e.exit_code) + "\n")
        return e.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("gradcli: interrupted\n")
        return 130
    except SystemExit:
        raise
    except BrokenPipeError:
        return 0
    except Exception as e:  # noqa: BLE001 — the one place bugs are caught
        if isinstance(e, OSError) and e.errno in OUTPUT_ERRNOS:
            # NOTE: the output could not be written (a full disk, an I/O
            # error): the user's environment, not a bug; stdout is not
            # written to again.
            sys.stderr.write(f"gradcli: cannot write the output ({e.strerror})\n")
            return 2
        if debug:
            import traceback
            traceback.print_exc()
        sys.stderr.write(f"gradcli: internal error ({type(e).__name__}: {e}). This is a bug in gradcli; "
                         "please report it with the input that caused it (add --debug for the traceback).\n")
        if json_path is not None:
            from .render.json_out import failure_document
            sys.stdout.write(failure_document(json_path, "InternalError", f"{type(e).__name__}: {e}", 3) + "\n")
        return 3


def bind_values(specs, what, dtype):
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


def bind_leaves(at, const, dtype, max_elements):
    """The -a leaves (requires_grad=True) and -c constants."""
    from .engine.context import CONTEXT
    from .errors import UsageError
    CONTEXT.max_elements = max_elements
    leaves = bind_values(at, "-a", dtype)
    consts = bind_values(const, "-c", dtype)
    clash = set(leaves) & set(consts)
    if clash:
        raise UsageError(f"{', '.join(sorted(clash))} is bound by both -a and -c")
    for t in leaves.values():
        t.requires_grad = True
    return leaves, consts


def run_formula(formula, compute, variables, views, format, no_color, color):
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
    resume_gc()
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
        from .batch import consoles
        console, _ = consoles(color_choice(no_color, color))
        views["rich"](console, out)
    return 0


# ***** grad, jacobian, hessian *****

def grad_command(formula, at, const, dtype, wrt, reduce, emit, format, no_color, color, quiet, max_elements,
                 trace, seed, debug) -> int:
    """``gradcli grad``: evaluate one formula, backpropagate, and show every node and .grad."""
    use_seed(seed)

    def body():
        from .errors import UsageError
        from .formula import evaluate, torch_script
        from .render import formula_out as V
        leaves, consts = bind_leaves(at, const, dtype, max_elements)
        for name in wrt or []:
            if name not in leaves:
                raise UsageError(f"--wrt {name}: {name} is not an -a leaf")
        red = reduce.value if reduce is not None else None
        if emit is not None:
            check_emit(emit)
            sys.stdout.write(torch_script(formula, leaves, consts, red))
            return 0
        shown = {k: v for k, v in leaves.items() if not wrt or k in wrt}

        def compute():
            return traced(lambda: evaluate(formula, leaves, consts, red), leaves) if trace else \
                evaluate(formula, leaves, consts, red)
        views = None if quiet else {
            "json": lambda out: V.grad_json(out, shown), "torch": lambda out: V.grad_torch(out, shown),
            "rich": lambda console, out: rich_view().show_formula(console, out, wrt, trace)}
        return run_formula(formula, compute, {**shown, **consts}, views, format, no_color, color)
    return guard(body, debug, "<formula>" if format is Format.json else None)


def check_emit(emit: str):
    from .errors import UsageError
    if emit != "torch":
        raise UsageError(f"--emit {emit}: only --emit torch is offered")


def traced(evaluate, leaves):
    """Evaluate a formula with the backward pass recorded (--trace)."""
    from .engine.context import CONTEXT
    from .engine.graph import label_steps
    seen = []
    CONTEXT.trace, CONTEXT.on_backward = True, lambda root, steps: seen.append((root, steps))
    try:
        out = evaluate()
    finally:
        CONTEXT.trace, CONTEXT.on_backward = False, None
    root, steps = seen[-1]
    out.trace = (root, label_steps(steps, [(s, t) for s, t in out.nodes] + list(leaves.items())))
    return out


def rich_view():
    """The Rich renderer, imported only when the rich view is shown."""
    from .render import rich_view as view
    return view


def derivative_command(kind, formula, at, const, dtype, format, no_color, color, quiet, max_elements, seed,
                       debug, emit=None) -> int:
    """``gradcli jacobian`` and ``gradcli hessian`` (``kind``)."""
    use_seed(seed)

    def body():
        from . import derivatives
        from .render import formula_out as V
        leaves, consts = bind_leaves(at, const, dtype, max_elements)
        if emit is not None:
            check_emit(emit)
            from .formula import derivative_script
            sys.stdout.write(derivative_script(kind, formula, leaves, consts))
            return 0
        compute = {"jacobian": derivatives.jacobian, "hessian": derivatives.hessian}[kind]
        views = None if quiet else {"json": V.derivative_json, "torch": V.derivative_torch,
                                    "rich": lambda console, out: rich_view().show_derivative(console, out)}
        return run_formula(formula, lambda: compute(formula, leaves, consts), {**leaves, **consts},
                           views, format, no_color, color)
    return guard(body, debug, "<formula>" if format is Format.json else None)
