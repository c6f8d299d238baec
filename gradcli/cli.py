"""The typer commands: parse options, call the library, render once.

Exit codes (SPEC §5): 0 ok, 1 a script failed, 2 usage/syntax/input error,
3 internal error (one line; the traceback only with --debug), 130 Ctrl-C.
"""
from __future__ import annotations

import os
import sys
from enum import Enum
from typing import List, Optional

import click
import typer

from . import __version__
from .batch import consoles
from .formula_commands import (DType, Format, Reduce, RunFormat, bind_leaves, color_choice, derivative_command,
                               grad_command, guard, use_seed)
from .script_commands import check_command, memory_size, run_command

app = typer.Typer(add_completion=True, no_args_is_help=True, rich_markup_mode="rich",
                  context_settings={"help_option_names": ["-h", "--help"]},
                  help="gradcli — a gradient calculator with PyTorch's autograd semantics, on numpy.")


# ***** shared options, declared once *****
FormatOpt = typer.Option(Format.rich, "--format", "-f", help="rich (default), torch (PyTorch's exact text) or json.")
RunFormatOpt = typer.Option(RunFormat.rich, "--format", "-f",
                            help="rich (default), torch (PyTorch's exact text), json, or github "
                                 "(GitHub Actions annotations for errors and warnings).")
JsonLinesOpt = typer.Option(False, "--json-lines", help="One compact JSON document per file, one per line "
                                                        "(for streaming), instead of one document.")
NoColorOpt = typer.Option(False, "--no-color", help="No colour (the same as --color never).")
ColorOpt = typer.Option("auto", "--color", help="auto (colour at a terminal, unless NO_COLOR is set and "
                                                "non-empty), always, or never.",
                        click_type=click.Choice(["auto", "always", "never"]))
QuietOpt = typer.Option(False, "--quiet", "-q", help="Only errors and the exit code.")
EmitOpt = typer.Option(None, "--emit", help="torch: print an equivalent PyTorch script.")
MaxElemOpt = typer.Option(50_000_000, "--max-elements", help="Largest tensor allowed, in elements.")
MaxMemOpt = typer.Option(None, "--max-memory", help="Memory a script may hold, e.g. 4G or 512M "
                                                     "(default: half the machine's).")
DebugOpt = typer.Option(False, "--debug", help="Show Python tracebacks of internal errors.")
SeedOpt = typer.Option(None, "--seed", help="Where the random stream starts, as torch.manual_seed(N) before "
                                            "each file or formula (default: 67280421310721).")
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


# ***** run *****

@app.command(epilog='Example: gradcli run samples/ -f torch -j 0    ·    gradcli run lesson.ipynb')
def run(files: List[str] = typer.Argument(..., help="Script files or directories (their *.py, *.grad and "
                                                       "*.ipynb, recursively), or - for stdin."),
        format: RunFormat = RunFormatOpt, json_lines: bool = JsonLinesOpt, no_color: bool = NoColorOpt,
        color: str = ColorOpt,
        quiet: bool = QuietOpt,
        max_elements: int = MaxElemOpt,
        max_steps: int = typer.Option(10_000_000, "--max-steps", help="Statements a script may execute."),
        max_memory: Optional[str] = MaxMemOpt,
        fail_fast: bool = typer.Option(False, "--fail-fast", help="Stop at the first file that fails."),
        jobs: int = typer.Option(1, "--jobs", "-j", help="Run files in N processes (0 = one per core); "
                                                        "output stays in file order."),
        shard: Optional[str] = typer.Option(None, "--shard", help="K/N: run only the K-th of N deterministic "
                                                                   "slices of the files (for CI matrices)."),
        trace: bool = TraceOpt,
        trace_max: int = typer.Option(20, "--trace-max", help="With --trace, the backward passes shown per file "
                                                              "(0 = all)."),
        seed: Optional[int] = SeedOpt, debug: bool = DebugOpt):
    """Run scripts (each in a fresh environment) and show what they print."""
    raise typer.Exit(run_command(files, format, json_lines, no_color, color, quiet, max_elements, max_steps,
                                 max_memory, fail_fast, jobs, shard, trace, trace_max, seed, debug))


# ***** formulas: grad, jacobian, hessian *****

FormulaArg = typer.Argument(..., help="The formula, e.g. \"((x+2)*(x-2)).sum()\".")
AtOpt = typer.Option(None, "--at", "-a", help="NAME=VALUE: a leaf with requires_grad=True.")
ConstOpt = typer.Option(None, "--const", "-c", help="NAME=VALUE: a constant (no grad).")
DTypeOpt = typer.Option(DType.float32, "--dtype", help="float32 (default) or float64.")


@app.command(epilog='Example: gradcli grad "((x+2)*(x-2)).sum()" -a x="[1,2;3,4]"')
def grad(formula: str = FormulaArg, at: Optional[List[str]] = AtOpt, const: Optional[List[str]] = ConstOpt,
         dtype: DType = DTypeOpt,
         wrt: Optional[List[str]] = typer.Option(None, "--wrt", help="Show only these leaves."),
         reduce: Optional[Reduce] = typer.Option(None, "--reduce", help="Reduce a non-scalar value: sum or mean."),
         emit: Optional[str] = EmitOpt,
         format: Format = FormatOpt, no_color: bool = NoColorOpt, color: str = ColorOpt, quiet: bool = QuietOpt,
         max_elements: int = MaxElemOpt, trace: bool = TraceOpt, seed: Optional[int] = SeedOpt,
         debug: bool = DebugOpt):
    """Evaluate one formula, backpropagate, and show every node and .grad."""
    raise typer.Exit(grad_command(formula, at, const, dtype, wrt, reduce, emit, format, no_color, color, quiet,
                                  max_elements, trace, seed, debug))


@app.command(epilog='Example: gradcli jacobian "tanh(x) * w" -a x="[1,2]" -a w="[3,4]"')
def jacobian(formula: str = FormulaArg, at: Optional[List[str]] = AtOpt, const: Optional[List[str]] = ConstOpt,
             dtype: DType = DTypeOpt, format: Format = FormatOpt, no_color: bool = NoColorOpt, color: str = ColorOpt,
             quiet: bool = QuietOpt, max_elements: int = MaxElemOpt, seed: Optional[int] = SeedOpt,
             debug: bool = DebugOpt, emit: Optional[str] = EmitOpt):
    """The Jacobian of the formula's value with respect to each -a leaf."""
    raise typer.Exit(derivative_command("jacobian", formula, at, const, dtype, format, no_color, color, quiet,
                                        max_elements, seed, debug, emit))


@app.command(epilog='Example: gradcli hessian "(x**3).sum() * y" -a x="[1,2]" -a y=2')
def hessian(formula: str = FormulaArg, at: Optional[List[str]] = AtOpt, const: Optional[List[str]] = ConstOpt,
            dtype: DType = DTypeOpt, format: Format = FormatOpt, no_color: bool = NoColorOpt, color: str = ColorOpt,
            quiet: bool = QuietOpt, max_elements: int = MaxElemOpt, seed: Optional[int] = SeedOpt,
            debug: bool = DebugOpt, emit: Optional[str] = EmitOpt):
    """The Hessian of a one-valued formula with respect to the -a leaves."""
    raise typer.Exit(derivative_command("hessian", formula, at, const, dtype, format, no_color, color, quiet,
                                        max_elements, seed, debug, emit))


# ***** graph *****

class GraphFormat(str, Enum):
    rich = "rich"
    dot = "dot"
    mermaid = "mermaid"
    json = "json"


# --output FILE without --format: the format its name says
_GRAPH_SUFFIXES = {".dot": GraphFormat.dot, ".gv": GraphFormat.dot, ".mmd": GraphFormat.mermaid,
                   ".mermaid": GraphFormat.mermaid, ".json": GraphFormat.json}


@app.command(epilog='Example: gradcli graph "((x+2)*(x-2)).sum()" -a x="[1,2;3,4]" -o graph.dot    ·    gradcli graph train.py --root loss')
def graph(target: str = typer.Argument(..., help="A formula, or a script (- for stdin) with --root NAME."),
          at: Optional[List[str]] = AtOpt, const: Optional[List[str]] = ConstOpt, dtype: DType = DTypeOpt,
          root: Optional[str] = typer.Option(None, "--root", help="Run TARGET as a script; draw from this variable."),
          format: GraphFormat = typer.Option(GraphFormat.rich, "--format", "-f",
                                             help="rich (a tree), dot (Graphviz), mermaid or json."),
          output: Optional[str] = typer.Option(None, "--output", "-o",
                                               help="Write the DOT, Mermaid or JSON to this file (atomically)."),
          no_color: bool = NoColorOpt, color: str = ColorOpt, max_elements: int = MaxElemOpt,
          max_steps: int = typer.Option(10_000_000, "--max-steps", help="Statements a script may execute."),
          max_memory: Optional[str] = MaxMemOpt,
          seed: Optional[int] = SeedOpt, debug: bool = DebugOpt):
    """The autograd graph from a root: grad_fn nodes down to the AccumulateGrad leaves."""
    use_seed(seed)

    def body():
        import time
        from .engine.graph import collect
        from .errors import GradcliError, UsageError, render_error
        from .render import graph_out as V
        from .session import RunResult
        from .engine.context import CONTEXT
        CONTEXT.max_memory = memory_size(max_memory)
        nonlocal format
        if output is not None and format is GraphFormat.rich:
            suffix = os.path.splitext(output)[1].lower()
            format = _GRAPH_SUFFIXES.get(suffix)
            if format is None:
                raise UsageError(f"--output {output}: say which format to write with --format dot, mermaid or "
                                 f"json (or name the file .dot, .gv, .mmd or .json)")
        start = time.perf_counter()
        if root is None and not at and not const and (os.path.isfile(target) or target.endswith(
                (".py", ".grad", ".ipynb"))):
            raise UsageError(f"{target} looks like a script: say which of its variables to draw with --root NAME",
                             f"gradcli graph {target} --root loss")
        if root is not None:
            if at or const:
                raise UsageError("-a and -c bind formula leaves; with --root the script makes its own tensors")
            from .inputs import read_script
            from .session import run_source
            name, source = read_script(target)
            from .batch import json_stderr
            res = run_source(source, name, json_stderr(name, source), max_steps=max_steps,
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
            leaves, consts = bind_leaves(at, const, dtype, max_elements)
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
            console, _ = consoles(color_choice(no_color, color))
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
    raise typer.Exit(guard(body, debug, (target if root else "<formula>") if format is GraphFormat.json else None))


# ***** check *****

@app.command(epilog='Example: gradcli check tests/*.py --junit report.xml')
def check(files: List[str] = typer.Argument(..., help="Script files or directories, or - for stdin."),
          atol: float = typer.Option(1e-5, "--atol", help="Absolute tolerance against finite differences."),
          rtol: float = typer.Option(1e-3, "--rtol", help="Relative tolerance against finite differences."),
          eps: float = typer.Option(1e-6, "--eps", help="Step of the central differences (float64)."),
          junit: Optional[str] = typer.Option(None, "--junit", help="Also write a JUnit XML report here."),
          format: RunFormat = RunFormatOpt, no_color: bool = NoColorOpt, color: str = ColorOpt,
          quiet: bool = QuietOpt, max_elements: int = MaxElemOpt,
          max_steps: int = typer.Option(10_000_000, "--max-steps", help="Statements a script may execute."),
          max_memory: Optional[str] = MaxMemOpt,
          seed: Optional[int] = SeedOpt, debug: bool = DebugOpt):
    """Run scripts as tests: every assert counts, and every gradient is checked against finite differences.

    Every backward() and torch.autograd.grad is compared with central finite differences in float64."""
    return_code = check_command(files, atol, rtol, eps, junit, format, no_color, color, quiet, max_elements,
                                max_steps, max_memory, seed, debug)
    raise typer.Exit(return_code)


# ***** schema *****

@app.command(epilog="Example: gradcli schema > gradcli-output.schema.json")
def schema():
    """Print the JSON Schema of --format json output (and of each --json-lines line)."""
    from importlib.resources import files
    sys.stdout.write(files("gradcli").joinpath("output.schema.json").read_text(encoding="utf-8"))


# ***** repl *****

class ReplFormat(str, Enum):
    rich = "rich"
    torch = "torch"


@app.command(epilog='Example: gradcli repl')
def repl(format: ReplFormat = typer.Option(ReplFormat.rich, "--format", "-f",
                                           help="rich (default) or torch (PyTorch's exact text)."),
         no_color: bool = NoColorOpt, color: str = ColorOpt, max_elements: int = MaxElemOpt,
         max_steps: int = typer.Option(10_000_000, "--max-steps", help="Statements one input may execute."),
         max_memory: Optional[str] = MaxMemOpt, trace: bool = TraceOpt, seed: Optional[int] = SeedOpt,
         debug: bool = DebugOpt):
    """An interactive session in the script language; each input's last value is shown."""
    use_seed(seed)

    def body():
        from .engine.context import CONTEXT
        from .repl import run_repl
        CONTEXT.trace = trace
        CONTEXT.max_memory = memory_size(max_memory)
        if format is ReplFormat.rich:
            from .render.rich_view import RichView
            console, err_console = consoles(color_choice(no_color, color))
            return run_repl(lambda src: RichView(console, err_console, "<repl>", src), max_steps, max_elements)
        from .render.torch_out import TorchText
        return run_repl(lambda src: TorchText(sys.stdout, sys.stderr, "<repl>", src), max_steps, max_elements)
    raise typer.Exit(guard(body, debug))
