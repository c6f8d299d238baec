"""The fast path for common command lines (quickargs.py) accepts exactly what
the typer app accepts, hands the command bodies exactly what typer hands
them, leaves everything else to typer, and prints the same output and errors."""
from __future__ import annotations

import inspect
import re
from pathlib import Path

import click
import pytest
import typer.main
from hypothesis import given, settings, strategies as st

from gradcli import cli, formula_commands, quickargs, script_commands
from inprocess import run_cli

COMMAND = typer.main.get_command(cli.app)
SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _kind(param) -> str:
    if param.is_flag:
        return "flag"
    if param.multiple:
        return "multi"
    if isinstance(param.type, click.types.FloatParamType):
        return "float"
    return "int" if isinstance(param.type, click.types.IntParamType) else "value"


@pytest.mark.parametrize("name", sorted(quickargs.COMMAND_OPTIONS))
def test_the_option_table_is_the_typer_apps(name):
    params = COMMAND.commands[name].params
    argument, many = quickargs.ARGUMENTS[name]
    assert [(p.name, p.nargs == -1, p.required) for p in params if isinstance(p, click.Argument)] == \
        [(argument, many, True)]
    declared = {p.name: (tuple(p.opts), _kind(p), tuple(p.type.choices) if isinstance(p.type, click.Choice) else None)
                for p in params if isinstance(p, click.Option)}
    assert declared == quickargs.COMMAND_OPTIONS[name]
    for p in params:
        if isinstance(p, click.Option):
            default = getattr(p.default, "value", p.default)
            assert quickargs.DEFAULTS[p.name] == default, p.name
            assert not p.secondary_opts and p.envvar is None and p.callback is None and not p.is_eager


def _typer_call(argv):
    """What the typer app hands the command body for ``argv``: ("called",
    kwargs), or ("rejected", message) for a usage error."""
    seen = {}

    def grad_command(*args):
        seen["kw"] = _named_grad(args)
        return 0

    def derivative_command(kind, *args):
        seen["kw"] = _named_derivative(args)
        return 0

    def run_command(*args):
        seen["kw"] = _named(script_commands.run_command, args)
        return 0

    def check_command(*args):
        seen["kw"] = _named(script_commands.check_command, args)
        return 0

    saved = cli.grad_command, cli.derivative_command, cli.run_command, cli.check_command
    cli.grad_command, cli.derivative_command, cli.run_command, cli.check_command = \
        grad_command, derivative_command, run_command, check_command
    try:
        try:
            COMMAND.main(args=list(argv), prog_name="gradcli", standalone_mode=False)
        except click.UsageError as e:
            return "rejected", e.format_message()
        except click.exceptions.Exit:
            pass
    finally:
        cli.grad_command, cli.derivative_command, cli.run_command, cli.check_command = saved
    return ("called", seen["kw"]) if "kw" in seen else ("other", None)


def _named(fn, args) -> dict:
    """``args`` by the parameter names of ``fn``."""
    return dict(inspect.signature(fn).bind(*args).arguments)


_GRAD_ORDER = ("formula", "at", "const", "dtype", "wrt", "reduce", "emit", "format", "no_color", "color", "quiet",
               "max_elements", "trace", "seed", "debug")
_DERIVATIVE_ORDER = ("formula", "at", "const", "dtype", "format", "no_color", "color", "quiet", "max_elements",
                     "seed", "debug", "emit")


def _named_grad(args):
    return dict(zip(_GRAD_ORDER, args))


def _named_derivative(args):
    return dict(zip(_DERIVATIVE_ORDER, args))


def _fast_call(argv):
    """What the fast path hands the command body, or None (left to typer)."""
    read = quickargs.read_command_line(list(argv))
    if read is None:
        return None
    seen = {}
    saved = (formula_commands.grad_command, formula_commands.derivative_command, script_commands.run_command,
             script_commands.check_command)
    formula_commands.grad_command = lambda **kw: seen.update(kw) or 0
    formula_commands.derivative_command = lambda kind, **kw: seen.update(kw) or 0
    script_commands.run_command = script_commands.check_command = lambda **kw: seen.update(kw) or 0
    try:
        assert quickargs.run_command(*read) == 0
    finally:
        (formula_commands.grad_command, formula_commands.derivative_command, script_commands.run_command,
         script_commands.check_command) = saved
    return seen


def check_same(argv):
    fast = _fast_call(argv)
    outcome, typer_kw = _typer_call(argv)
    if fast is None:
        return False
    assert outcome == "called", (argv, outcome, typer_kw)
    assert fast == typer_kw, argv
    return True


CORPUS = [
    (["grad", "((x+2)*(x-2)).sum()", "-a", "x=[1,2;3,4]"], True),
    (["grad", "((x+2)*(x-2)).sum()", "-a", "x=[1,2;3,4]", "-f", "json"], True),
    (["grad", "x.sum()", "--at=x=[1,2]", "--format=torch", "-q"], True),
    (["grad", "-ax=1", "x*y", "-cy=2", "-fjson", "--dtype", "float64"], True),
    (["grad", "x*y", "-a", "x=1", "-a", "y=2", "--wrt", "x", "--wrt", "y", "--reduce", "mean"], True),
    (["grad", "x", "-a", "x=1", "--seed", "42", "--max-elements", "0012", "--trace", "--debug"], True),
    (["grad", "x", "-a", "x=1", "--seed=-5", "--no-color", "--color", "never", "--emit", "torch"], True),
    (["grad", "x", "--at=", "--emit=python"], True),
    (["jacobian", "tanh(x) * w", "-a", "x=[1,2]", "-a", "w=[3,4]", "-f", "torch"], True),
    (["hessian", "(x**3).sum() * y", "-a", "x=[1,2]", "-a", "y=2", "--emit", "torch"], True),
    (["run", "x.py"], True), (["run", "-"], True), (["grad", "-"], True),
    (["run", "a.py", "-f", "torch", "b/", "-j0", "--fail-fast", "--json-lines", "--shard", "2/3"], True),
    (["run", "a.py", "--max-memory=4G", "--max-steps", "100", "--trace", "--trace-max=0", "--seed", "7",
      "-q", "--no-color", "--color", "always", "--max-elements", "5", "--debug", "--format=github"], True),
    (["run", "a.py", "--jobs=-1"], True),
    (["check", "a.py"], True), (["check", "-", "b/", "--atol", "1e-4", "--rtol=.5", "--eps", "2E-7", "--junit", "r.xml"], True),
    (["check", "a.py", "--atol=-1", "-f", "github", "-q", "--max-steps", "9", "--max-memory", "1G", "--seed=3"], True),
    (["check", "a.py", "--atol", "+1.5e+3", "--no-color", "--color=never", "--max-elements=7", "--debug"], True),
    # left to typer: help, errors, and what click would have to convert
    (["grad"], False), (["grad", "--help"], False), (["grad", "-h"], False), (["grad", "x", "--version"], False),
    (["grad", "x", "y"], False), (["grad", "x", "-f", "yaml"], False), (["grad", "x", "-f"], False),
    (["grad", "x", "--seed", "-5"], False), (["grad", "x", "--seed", "+5"], False),
    (["grad", "x", "--seed", "1_0"], False), (["grad", "x", "--seed", "five"], False),
    (["grad", "x", "-q", "-q"], False), (["grad", "x", "-qf", "json"], False), (["grad", "x", "--quiet=1"], False),
    (["grad", "x", "-a=x=1"], False), (["grad", "--", "-x"], False),
    (["grad", "x", "--colour", "never"], False), (["grad", "x", "--for", "json"], False),
    (["grad", "x", "-f", "json", "-f", "torch"], False), (["jacobian", "x", "--trace"], False),
    (["jacobian", "x", "--wrt", "x"], False), (["--version"], False), ([], False),
    (["run"], False), (["run", "a.py", "-f", "junit"], False), (["run", "a.py", "--jobs", "-1"], False),
    (["run", "a.py", "--shard"], False), (["run", "a.py", "--fail-fast=1"], False), (["run", "a.py", "--wrt", "x"], False),
    (["run", "--", "a.py"], False), (["run", "a.py", "-j", "two"], False), (["run", "a.py", "--emit", "torch"], False),
    (["check"], False), (["check", "a.py", "--atol", "inf"], False), (["check", "a.py", "--atol", "1_0"], False),
    (["check", "a.py", "--atol", "-1"], False), (["check", "a.py", "--jobs", "2"], False),
    (["check", "a.py", "--eps", "1e"], False), (["check", "a.py", "--rtol", " 1"], False),
    (["grad", "x", "--dtype", "Float32"], False), (["grad", "x", "--at"], False),
]


@pytest.mark.parametrize("argv,taken", CORPUS)
def test_the_corpus_reads_as_typer_reads_it(argv, taken):
    assert check_same(argv) is taken


TOKENS = ["grad", "jacobian", "hessian", "x", "x*y", "-x", "-", "--", "", "-a", "--at", "x=1", "--at=x=2", "-ax=3",
          "-a=x", "-c", "y=2", "-cy=2", "-f", "--format", "json", "torch", "rich", "yaml", "-fjson", "-ftorch",
          "--format=json", "--format=", "-q", "--quiet", "-qf", "--quiet=1", "--seed", "--seed=7", "5", "-5",
          "+5", "1_0", "--max-elements", "--max-elements=10", "--dtype", "float64", "float16", "--reduce", "sum",
          "--wrt", "--trace", "--no-color", "--color", "never", "--colour", "--emit", "torch", "--debug", "-h",
          "--help", "--version", "--at=", "-z"]


RUN_TOKENS = ["run", "a.py", "dir/", "-", "--", "-x", "", "-f", "--format", "json", "torch", "github", "junit",
              "-fjson", "--json-lines", "--json-lines=1", "-q", "--no-color", "--color", "never", "--max-steps",
              "--max-steps=9", "--max-memory", "4G", "--max-memory=1M", "--fail-fast", "-j", "--jobs", "-j0", "2",
              "-2", "+2", "--jobs=-1", "--shard", "1/2", "--shard=", "--trace", "--trace-max", "--trace-max=-1",
              "--seed", "5", "--debug", "-h", "--help", "--version", "--max-elements", "-a", "x=1", "-z"]


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(["grad", "jacobian", "hessian"]), st.lists(st.sampled_from(TOKENS), max_size=8))
def test_random_command_lines_read_as_typer_reads_them(command, tokens):
    check_same([command, *tokens])


CHECK_TOKENS = ["check", "a.py", "-", "--", "-f", "json", "torch", "github", "--atol", "--atol=1e-4", "1e-3", ".5", "5.",
                "-1", "inf", "nan", "1_0", "1e", "--rtol", "--eps", "--eps=0", "--junit", "r.xml", "--junit=", "-q",
                "--max-steps", "9", "--max-memory", "1G", "--seed", "--debug", "--no-color", "--color", "never", "-h",
                "--jobs", "-x"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(RUN_TOKENS), max_size=8))
def test_random_run_command_lines_read_as_typer_reads_them(tokens):
    check_same(["run", *tokens])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(CHECK_TOKENS), max_size=8))
def test_random_check_command_lines_read_as_typer_reads_them(tokens):
    check_same(["check", *tokens])


# ***** the same output and errors on both paths *****

END_TO_END = [
    ["grad", "((x+2)*(x-2)).sum()", "-a", "x=[1,2;3,4]", "-f", "json"],
    ["grad", "((x+2)*(x-2)).sum()", "-a", "x=[1,2;3,4]", "-f", "torch"],
    ["grad", "((x+2)*(x-2)).sum()", "-a", "x=[1,2;3,4]", "--no-color"],
    ["grad", "(x*y).sum()", "-a", "x=[1,2]", "-c", "y=3", "--reduce", "sum", "--trace", "-f", "torch"],
    ["grad", "x +* 2", "-a", "x=1"],
    ["grad", "x +* 2", "-a", "x=1", "-f", "json"],
    ["grad", "x.sum()", "-a", "x=[1,2", "-f", "json"],
    ["grad", "x", "-a", "x"],
    ["grad", "x", "-a", "x=1", "--wrt", "y"],
    ["grad", "x", "-a", "x=1", "--emit", "python"],
    ["grad", "x * 2", "-a", "x=[1,2]", "--emit", "torch", "--seed", "3"],
    ["grad", "x * 2", "-a", "x=[1,2]", "--reduce", "mean", "-q"],
    ["grad", "z * 2", "-a", "x=[1,2]", "--dtype", "float64"],
    ["jacobian", "tanh(x) * w", "-a", "x=[1,2]", "-a", "w=[3,4]", "-f", "torch"],
    ["hessian", "(x**3).sum() * y", "-a", "x=[1,2]", "-a", "y=2", "-f", "json"],
    ["hessian", "x * y", "-a", "x=[1,2]", "-a", "y=2"],
    ["run", SAMPLES / "matrix_chain.py", "-f", "torch"],
    ["run", SAMPLES / "matrix_chain.py", SAMPLES / "gradient_descent.py", "-f", "json"],
    ["run", SAMPLES / "matrix_chain.py", "--no-color"],
    ["run", SAMPLES / "matrix_chain.py", "--json-lines", "--trace", "--trace-max", "1"],
    ["run", SAMPLES / "matrix_chain.py", "no-such-file.py", "-f", "github"],
    ["run", SAMPLES, "-f", "torch", "--shard", "1/3", "--seed", "3"],
    ["run", SAMPLES / "matrix_chain.py", "--max-memory", "lots"],
    ["run", SAMPLES / "matrix_chain.py", "--max-steps", "3", "-f", "json"],
    ["run", SAMPLES / "matrix_chain.py", "--trace-max=-1", "-f", "json"],
    ["check", SAMPLES / "matrix_chain.py", "-f", "torch"],
    ["check", SAMPLES / "matrix_chain.py", SAMPLES / "gradient_descent.py", "-f", "json", "--atol", "1e-4"],
    ["check", SAMPLES / "matrix_chain.py", "--no-color", "--eps=0"],
    ["check", SAMPLES / "matrix_chain.py", "no-such-file.py", "-f", "github"],
]


@pytest.mark.parametrize("argv", END_TO_END, ids=lambda a: " ".join(map(str, a)).replace(str(SAMPLES), "samples")[:60])
def test_the_same_output_on_both_paths(argv, monkeypatch):
    argv = [str(a) for a in argv]
    assert quickargs.read_command_line(argv) is not None
    fast = run_cli(argv)
    monkeypatch.setattr(quickargs, "read_command_line", lambda argv: None)
    slow = run_cli(argv)
    assert (fast.returncode, _timeless(fast.stdout), _timeless(fast.stderr)) == \
        (slow.returncode, _timeless(slow.stdout), _timeless(slow.stderr))
    assert fast.stdout or fast.stderr or "-q" in argv


def _timeless(text: str) -> str:
    """Output without its measured run times (JSON's, and a batch summary's)."""
    return re.sub(r' in [0-9.]+s$', ' in 0s', re.sub(r'"seconds": ?[0-9.e-]+', '"seconds": 0', text), flags=re.M)


# ***** the console script: a fast command line ends the process itself *****

ONE_LINER = ["grad", "((x+2)*(x-2)).sum()", "-a", "x=[1,2;3,4]"]
TO_TYPER = ["--color", "auto", "--color", "auto"]     # an option given twice: typer reads it, the fast path declines


@pytest.mark.parametrize("extra", [["-f", "json"], ["-f", "torch"], ["-a", "y=[1"]])
def test_the_process_ends_as_the_typer_path_ends_it(gradcli_process, extra, tmp_path):
    fast = ONE_LINER + extra
    slow = fast + TO_TYPER
    assert quickargs.read_command_line(fast) is not None and quickargs.read_command_line(slow) is None
    a, b = gradcli_process(*fast), gradcli_process(*slow)
    assert (a.returncode, _timeless(a.stdout), a.stderr) == (b.returncode, _timeless(b.stdout), b.stderr)
    assert (a.stdout if a.returncode == 0 else a.stderr).endswith("\n") and (a.returncode == 2) == ("y=[1" in extra)


@pytest.mark.parametrize("extra", [["-f", "torch"], ["-f", "json", "-j", "2"], ["-"]])
def test_a_run_ends_the_process_as_the_typer_path_ends_it(gradcli_process, extra):
    fast = ["run", SAMPLES / "matrix_chain.py", SAMPLES / "gradient_descent.py", *extra]
    slow = fast + TO_TYPER
    assert quickargs.read_command_line([str(a) for a in fast]) is not None
    stdin = "print(2 * 3)\n"
    a, b = gradcli_process(*fast, stdin=stdin), gradcli_process(*slow, stdin=stdin)
    assert (a.returncode, _timeless(a.stdout), _timeless(a.stderr)) == \
        (b.returncode, _timeless(b.stdout), _timeless(b.stderr))
    assert a.returncode == 0
    assert ("\n6\n" in a.stdout) == ("-" in extra)               # the script on stdin ran
    assert ('"passed": 2' in a.stdout) == ("json" in extra)


def test_a_closed_pipe_ends_the_process_as_the_typer_path_does(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    script = Path(sys.executable).parent / "gradcli"
    root = Path(__file__).resolve().parent.parent
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "gradcli"]
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path), PYTHONPATH=str(root))

    def closed(argv):
        r, w = os.pipe()
        os.close(r)
        try:
            return subprocess.run(cmd + argv, stdout=w, stderr=subprocess.PIPE, text=True, timeout=120, env=env)
        finally:
            os.close(w)
    fast = ONE_LINER + ["-f", "json"]
    a, b = closed(fast), closed(fast + TO_TYPER)
    assert (a.returncode, a.stderr) == (b.returncode, b.stderr)
