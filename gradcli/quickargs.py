"""The fast path for the common command lines: ``grad``, ``jacobian``,
``hessian``, ``run`` and ``check`` read without importing typer and click.

Importing the CLI framework costs more than evaluating a small formula, so
``__main__`` first offers the argument list here. This reader follows
click's rules for exactly the options ``cli.py`` declares (the table below
is checked against the typer app by a test) and takes only command lines it
is sure of: anything else — help, an unknown or repeated option, a value
click would have to convert or reject, ``--`` — returns None and the typer
app reads the command line as always. So the typer app stays the one place
options are declared and errors are worded.
"""
from __future__ import annotations

import os
import re

# ***** the options of the fast commands, as cli.py declares them *****
# parameter name: (option strings, kind, choices) — kind is "flag", "value"
# (the last one given), "multi" (repeatable), "int" or "float".

_FORMULA_OPTIONS = {
    "at": (("--at", "-a"), "multi", None),
    "const": (("--const", "-c"), "multi", None),
    "dtype": (("--dtype",), "value", ("float32", "float64")),
    "format": (("--format", "-f"), "value", ("rich", "torch", "json")),
    "no_color": (("--no-color",), "flag", None),
    "color": (("--color",), "value", ("auto", "always", "never")),
    "quiet": (("--quiet", "-q"), "flag", None),
    "max_elements": (("--max-elements",), "int", None),
    "seed": (("--seed",), "int", None),
    "debug": (("--debug",), "flag", None),
    "emit": (("--emit",), "value", None),
}
_RUN_OPTIONS = {
    "format": (("--format", "-f"), "value", ("rich", "torch", "json", "github")),
    "json_lines": (("--json-lines",), "flag", None),
    "no_color": _FORMULA_OPTIONS["no_color"],
    "color": _FORMULA_OPTIONS["color"],
    "quiet": _FORMULA_OPTIONS["quiet"],
    "max_elements": _FORMULA_OPTIONS["max_elements"],
    "max_steps": (("--max-steps",), "int", None),
    "max_memory": (("--max-memory",), "value", None),
    "fail_fast": (("--fail-fast",), "flag", None),
    "jobs": (("--jobs", "-j"), "int", None),
    "shard": (("--shard",), "value", None),
    "trace": (("--trace",), "flag", None),
    "trace_max": (("--trace-max",), "int", None),
    "seed": _FORMULA_OPTIONS["seed"],
    "debug": _FORMULA_OPTIONS["debug"],
}
_CHECK_OPTIONS = {
    "atol": (("--atol",), "float", None),
    "rtol": (("--rtol",), "float", None),
    "eps": (("--eps",), "float", None),
    "junit": (("--junit",), "value", None),
    **{name: _RUN_OPTIONS[name] for name in ("format", "no_color", "color", "quiet", "max_elements", "max_steps",
                                             "max_memory", "seed", "debug")},
}
COMMAND_OPTIONS = {
    "grad": dict(_FORMULA_OPTIONS, wrt=(("--wrt",), "multi", None),
                 reduce=(("--reduce",), "value", ("sum", "mean")), trace=_RUN_OPTIONS["trace"]),
    "jacobian": _FORMULA_OPTIONS,
    "hessian": _FORMULA_OPTIONS,
    "run": _RUN_OPTIONS,
    "check": _CHECK_OPTIONS,
}
# Each command's argument: its parameter name, and whether it takes one
# value (a formula) or one or more (files).
ARGUMENTS = {"grad": ("formula", False), "jacobian": ("formula", False), "hessian": ("formula", False),
             "run": ("files", True), "check": ("files", True)}
# What a parameter is when its option is not given.
DEFAULTS = {"at": None, "const": None, "dtype": "float32", "format": "rich", "no_color": False, "color": "auto",
            "quiet": False, "max_elements": 50_000_000, "seed": None, "debug": False, "emit": None, "wrt": None,
            "reduce": None, "trace": False, "json_lines": False, "max_steps": 10_000_000, "max_memory": None,
            "fail_fast": False, "jobs": 1, "shard": None, "trace_max": 20, "atol": 1e-5, "rtol": 1e-3, "eps": 1e-6,
            "junit": None}
_DIGITS = frozenset("0123456789")
# a decimal number as click's float type reads it (others go to typer)
_FLOAT = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def read_command_line(argv: list):
    """``(command, {parameter: value})`` for a command line this path takes
    (values as click would hand them over: strings, ints, tuples for
    repeated options), else None."""
    if not argv or argv[0] not in COMMAND_OPTIONS or "_GRADCLI_COMPLETE" in os.environ:
        return None
    table = COMMAND_OPTIONS[argv[0]]
    argument, many = ARGUMENTS[argv[0]]
    by_flag = {flag: name for name, (flags, _, _) in table.items() for flag in flags}
    params, values, i, n = {}, [], 1, len(argv)
    while i < n:
        token = argv[i]
        i += 1
        if token == "-" or not token.startswith("-"):     # click reads a lone "-" as an argument
            if values and not many:
                return None                      # an extra argument: click's error
            values.append(token)
            continue
        if token.startswith("--"):
            flag, eq, value = token.partition("=")
        elif len(token) > 2 and token[:2] in by_flag and token[2] != "=":
            flag, eq, value = token[:2], "=", token[2:]       # -fjson
        else:
            flag, eq, value = token, "", ""
        name = by_flag.get(flag)
        if name is None:
            return None                          # help, --version, an unknown option, "--"
        kind, choices = table[name][1], table[name][2]
        if kind == "flag":
            if eq or name in params:
                return None
            params[name] = True
            continue
        if not eq:
            if i >= n or argv[i].startswith("-"):
                return None                      # a missing value, or one click would read differently
            value = argv[i]
            i += 1
        if kind == "multi":
            params[name] = params.get(name, ()) + (value,)
            continue
        if name in params or (choices is not None and value not in choices):
            return None
        if kind == "int":
            digits = value[1:] if value.startswith("-") else value
            if not digits or not _DIGITS.issuperset(digits):
                return None
            value = int(value)
        elif kind == "float":
            if _FLOAT.fullmatch(value) is None:
                return None
            value = float(value)
        params[name] = value
    if not values:
        return None                              # the missing argument: click's error
    out = {name: params.get(name, DEFAULTS[name]) for name in table}
    out[argument] = tuple(values) if many else values[0]
    return argv[0], out


def run_command(command: str, params: dict) -> int:
    """Run a command line ``read_command_line`` took; its exit code."""
    from . import formula_commands as C
    p = dict(params)
    for name in ("at", "const", "wrt", "files"):
        if name in p and p[name] is not None:
            p[name] = list(p[name])
    if command in ("run", "check"):
        from . import script_commands as S
        p["format"] = C.RunFormat(p["format"])
        return (S.run_command if command == "run" else S.check_command)(**p)
    p["dtype"] = C.DType(p["dtype"])
    p["format"] = C.Format(p["format"])
    if command == "grad":
        p["reduce"] = None if p["reduce"] is None else C.Reduce(p["reduce"])
        return C.grad_command(**p)
    return C.derivative_command(command, **p)
