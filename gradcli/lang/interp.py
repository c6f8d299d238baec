"""Running scripts: cells, calls of script functions, imports, and the
events a run emits.

Statements are compiled once by ``statements.py``, expressions by
``evaluate.py``; what values can do lives in ``runtime.py`` and the op table. Output is not printed here: each print,
display, warning, backward and error becomes an ``Event`` handed to the
caller's ``emit``, and the renderers turn events into text, Rich or JSON.
"""
from __future__ import annotations

import sys
from typing import Callable, Optional

from . import ast as A
from . import runtime as R
from .builtins import make_globals, modules
from .calls import bind_arguments
from .evaluate import Compiler, imported_names, new_scope
from .statements import StatementCompiler
from ..engine.context import CONTEXT
from ..engine.tensor import Tensor
from ..errors import GradcliError, ScriptSyntaxError, Span
from ..records import Record

DEFAULT_MAX_STEPS = 10_000_000
MAX_CALL_DEPTH = 1000            # script function calls in progress (Python's default limit)
PYTHON_RECURSION_LIMIT = 40_000  # while a script runs: room for MAX_CALL_DEPTH calls


class Event(Record):
    """Something a script did that the output shows. ``kind``: print |
    display | warning | assert | backward | error. (A plain class: the
    dataclass machinery costs start-up time.)"""
    FIELDS = ("kind", "line", "values", "sources", "sep", "end", "message", "error", "extra")

    def __init__(self, kind: str, line: int, values: tuple = (), sources: tuple = (), sep: str = " ",
                 end: str = "\n", message: str = "", error: Optional[GradcliError] = None, extra: dict | None = None):
        self.kind = kind
        self.line = line
        self.values = values
        self.sources = sources          # source text of each value
        self.sep = sep
        self.end = end
        self.message = message
        self.error = error
        self.extra = {} if extra is None else extra


_FUTURE_PLACE = "from __future__ imports must occur at the beginning of the file"
_FUTURE_FEATURES = frozenset(("nested_scopes", "generators", "division", "absolute_import", "with_statement",
                              "print_function", "unicode_literals", "generator_stop", "annotations"))


def _future_imports(body) -> set:
    """The ids of the ``from __future__`` imports that open ``body`` (after
    a docstring), which Python checks before running anything: each
    feature Python 3 knows is already on, so they change nothing; a
    misplaced one (found here at the top level, or when run if nested) or
    an unknown feature is Python's SyntaxError."""
    ok = set()
    opening = True
    for i, st in enumerate(body):
        if i == 0 and type(st) is A.Expr and type(st.value) is A.Constant and isinstance(st.value.value, str):
            continue
        if type(st) is A.ImportFrom and st.module == "__future__":
            if not opening:
                raise ScriptSyntaxError(_FUTURE_PLACE, _whole_statement(st))
            for name, _alias in st.names:
                if name == "braces" or name not in _FUTURE_FEATURES:
                    # Python's caret: the statement's first character
                    raise ScriptSyntaxError("not a chance" if name == "braces" else
                                            f"future feature {name} is not defined",
                                            Span(st.span.line, 1, st.span.line, 2))
            ok.add(id(st))
        else:
            opening = False
    return ok


def _whole_statement(st) -> Span:
    """A top-level statement's span from its first column (an import's own
    span starts at its module's name)."""
    return Span(st.span.line, 1, st.span.end_line, st.span.end_column)


class Interpreter:
    def __init__(self, source: str, emit: Callable[[Event], None], max_steps: int = DEFAULT_MAX_STEPS):
        self.source = source
        self.emit = emit
        self.max_steps = max_steps
        self.steps = 0
        self.vars: dict = {}
        self.builtins = make_globals(self._print, self)
        self.builtins["torch"] = modules()["torch"]
        self.compiler = Compiler(self)
        self.statements = StatementCompiler(self)
        self.line = 0
        self.call_depth = 0
        self.print_sources = ()   # source text of the arguments of the print being called
        self.failed = 0           # highest exit code of the errors seen
        self.warned = set()       # (line, message) of the warnings shown
        self._lines = None
        self.future_ok = set()    # ids of the cell's `from __future__` imports where Python takes them

    # ***** running *****
    def run_module(self, module: A.Module) -> int:
        """Run every cell; return the exit code (0, 1 or 2)."""
        # NOTE: grad mode is the script's state, as its variables are: torch.set_grad_enabled(False)
        # lasts into the next cells (and REPL inputs); session.run_source starts each script with it on.
        prev = (CONTEXT.warn, CONTEXT.call, CONTEXT.on_backward, CONTEXT.on_check)
        CONTEXT.warn = self._warn
        CONTEXT.call = self.call_value
        CONTEXT.on_backward = self._on_backward
        CONTEXT.on_check = self._on_check
        # NOTE: script functions run as nested Python calls; the limit is
        # raised for the run only (MAX_CALL_DEPTH keeps scripts far below it)
        # and restored after.
        old_limit = sys.getrecursionlimit()
        if old_limit < PYTHON_RECURSION_LIMIT:
            sys.setrecursionlimit(PYTHON_RECURSION_LIMIT)
        self.compiler.imported = imported_names([stmt for cell in module.cells for stmt in cell.body])
        try:
            for cell in module.cells:
                if cell.error is not None:
                    self._error(cell.error)
                    continue
                try:
                    self.future_ok = _future_imports(cell.body)
                    self.statements.block(cell.body, 0, display_last=module.notebook)(self.vars)
                except GradcliError as err:
                    self._error(err)
                    if not module.notebook:
                        break
                except RecursionError:
                    self._error(GradcliError("RecursionError", "maximum recursion depth exceeded",
                                             None).at(Span(self.line, 1, self.line, 2) if self.line else None))
                    if not module.notebook:
                        break
        finally:
            CONTEXT.warn, CONTEXT.call, CONTEXT.on_backward, CONTEXT.on_check = prev
            sys.setrecursionlimit(old_limit)
        return self.failed

    def _error(self, err: GradcliError):
        self.failed = max(self.failed, err.exit_code)
        self.emit(Event("error", err.span.line if err.span else self.line, error=err))

    def out_of_steps(self, span):
        raise GradcliError("LimitError", f"the script ran more than {self.max_steps:,} statements",
                           span, "raise the budget with --max-steps N")

    def count_step(self, span):
        """One loop iteration or call against the --max-steps budget."""
        self.steps += 1
        if self.steps > self.max_steps:
            self.out_of_steps(span)

    def eval(self, expr, scope=None):
        fn = self._compiled(expr)
        return fn(self.vars if scope is None else scope)

    def _compiled(self, expr):
        cache = self.__dict__.setdefault("_cache", {})
        fn = cache.get(id(expr))
        if fn is None:
            fn = cache[id(expr)] = (self.compiler.compile(expr), expr)
        return fn[0]

    def _source_lines(self, first: int, last: int) -> list:
        """Lines ``first`` to ``last`` (from 1) of the source, those that exist.

        NOTE: the offsets where lines start are found as far as asked, and
        kept: splitting a whole 8 MB script (a large literal) into lines
        to show one statement's text cost more than running it."""
        source = self.source
        if self._lines is None or self._lines[0] is not source:
            self._lines = (source, [0])
        starts, find = self._lines[1], source.find
        while len(starts) <= last:
            if starts[-1] > len(source):
                break
            nl = find("\n", starts[-1])
            starts.append(len(source) + 1 if nl < 0 else nl + 1)
        return [source[starts[i]:starts[i + 1] - 1] for i in range(first - 1, min(last, len(starts) - 1))
                if starts[i] <= len(source)]

    def text(self, span: Span) -> str:
        lines = self._source_lines(span.line, span.end_line)
        if not lines:
            return ""
        if len(lines) == 1:
            return lines[0][span.column - 1:span.end_column - 1]
        lines = list(lines)
        lines[0] = lines[0][span.column - 1:]
        lines[-1] = lines[-1][:span.end_column - 1]
        return "\n".join(lines)

    # ***** imports *****
    def do_import(self, scope, name, alias, span):
        mods = modules()
        if name not in mods:
            raise GradcliError("ImportError", f"gradcli scripts can import torch (and torch.nn, torch.optim, "
                               f"torch.nn.functional), math and numpy, not '{name}'", span)
        if alias:
            scope[alias] = mods[name]
        else:
            top = name.split(".")[0]
            scope[top] = mods[top]

    def do_import_from(self, scope, stmt):
        if stmt.module == "__future__":
            if id(stmt) not in self.future_ok:            # nested in a block: found when it runs
                raise ScriptSyntaxError(_FUTURE_PLACE, stmt.span)
            return
        mods = modules()
        if stmt.module not in mods:
            raise GradcliError("ImportError", f"gradcli scripts can import from torch (and torch.nn, torch.optim, "
                               f"torch.nn.functional), math and numpy, not '{stmt.module}'", stmt.span)
        ns = mods[stmt.module]
        for name, alias in stmt.names:
            if name == "*":
                raise ScriptSyntaxError("'import *' is not supported; name what you import", stmt.span)
            full = f"{stmt.module}.{name}"
            if full in mods:
                scope[alias or name] = mods[full]
            else:
                try:
                    scope[alias or name] = R.get_attribute(ns, name)
                except GradcliError as e:
                    if e.kind == "NotImplementedError":     # a PyTorch name gradcli lacks: say so
                        raise e.at(stmt.span) from None
                    raise GradcliError("ImportError", f"cannot import name '{name}' from '{stmt.module}'",
                                       stmt.span) from None

    # ***** functions *****
    def _print(self, *args, sep=" ", end="\n", file=None, flush=False):
        if sep is None:
            sep = " "
        if end is None:
            end = "\n"
        if not isinstance(sep, str) or not isinstance(end, str):
            raise R.type_error("sep and end must be None or a string")
        sources, self.print_sources = self.print_sources, ()
        self.emit(Event("print", self.line, tuple(args), sources if len(sources) == len(args) else (),
                        sep=sep, end=end))

    def _warn(self, message, category="UserWarning"):
        # NOTE: Python shows a warning once per source line (the "default"
        # filter), so a warning inside a loop is shown once.
        key = message if message in R.ONCE_PER_RUN else (self.line, message)
        if key not in self.warned:
            self.warned.add(key)
            self.emit(Event("warning", self.line, message=message,
                            extra=None if category == "UserWarning" else {"category": category}))

    def _on_backward(self, root, steps):
        if steps is not None:
            from ..engine.graph import label_steps
            steps = label_steps(steps, self.vars.items())
        self.emit(Event("backward", self.line, extra={"root": root, "steps": steps}))

    def _on_check(self, api, results):
        """A gradient checked against finite differences (`gradcli check`)."""
        names = {id(v): k for k, v in self.vars.items() if type(v) is Tensor}
        from ..nn.module import module_parameters
        params = module_parameters(self.vars, set(names))   # model.0.weight, in the modules' order
        names.update((id(p), k) for k, p in params)
        order = {k: i for i, k in enumerate(list(self.vars) + [k for k, _ in params])}
        results = sorted(results, key=lambda r: order.get(names.get(id(r.tensor)), len(order)))
        rows = [{"input": names.get(id(r.tensor), f"input {i}"), "shape": list(r.shape),
                 "max_abs_err": r.max_abs_err, "max_rel_err": r.max_rel_err, "worst_index": list(r.worst_index),
                 "autograd": r.worst_autograd, "numeric": r.worst_numeric,
                 "passed": r.passed, "skipped": r.skipped} for i, r in enumerate(results)]
        passed = all(r.passed for r in results)
        self.emit(Event("check", self.line, extra={"api": api, "passed": passed, "results": rows}))
        if not passed:
            self.failed = max(self.failed, 1)

    def invoke_function(self, fn, args, kwargs):
        """Call a script function (``def`` or ``lambda``): one step of the budget."""
        local = bind_arguments(fn, args, kwargs)
        depth = self.call_depth
        if depth >= MAX_CALL_DEPTH:
            raise GradcliError("RecursionError", "maximum recursion depth exceeded")
        self.steps += 1
        if self.steps > self.max_steps:
            self.out_of_steps(None)
        self.call_depth = depth + 1
        line = self.line
        try:
            r = fn.body(new_scope(fn.env, local))
        finally:
            self.call_depth = depth
            self.line = line
        if fn.is_lambda:
            return r
        return r.value if r is not None else None

    def call_value(self, fn, args):
        return R.call(fn, list(args), {}, self.invoke_function)
