"""Running scripts: statements, cells, names, and the events a run emits.

The interpreter knows statements and names; what values can do lives in
``runtime.py`` and the op table. Output is not printed here: each print,
display, warning, backward and error becomes an ``Event`` handed to the
caller's ``emit``, and the renderers turn events into text, Rich or JSON.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Callable, Optional

from . import ast as A
from . import runtime as R
from .builtins import make_globals, modules
from .evaluate import Compiler, Scope
from .values import GradModeContext, LambdaFn
from ..nn.objects import ScriptObject
from ..engine import autograd as AG
from ..engine.context import CONTEXT
from ..engine.tensor import Tensor
from ..errors import GradcliError, ScriptSyntaxError, Span

DEFAULT_MAX_STEPS = 10_000_000
MAX_BLOCK_DEPTH = 100
MAX_LAMBDA_DEPTH = 200


@dataclass
class Event:
    kind: str                    # print | display | warning | assert | backward | error
    line: int
    values: tuple = ()
    sources: tuple = ()          # source text of each value
    sep: str = " "
    end: str = "\n"
    message: str = ""
    error: Optional[GradcliError] = None
    extra: dict = field(default_factory=dict)


class Interpreter:
    def __init__(self, source: str, emit: Callable[[Event], None], max_steps: int = DEFAULT_MAX_STEPS):
        self.source = source
        self.emit = emit
        self.max_steps = max_steps
        self.steps = 0
        self.vars: dict = {}
        self.builtins = make_globals(self._print)
        self.builtins["torch"] = modules()["torch"]
        self.compiler = Compiler(self)
        self.line = 0
        self.lambda_depth = 0
        self.print_sources = ()   # source text of the arguments of the print being called
        self.failed = 0           # highest exit code of the errors seen
        self.warned = set()       # (line, message) of the warnings shown

    # ***** running *****
    def run_module(self, module: A.Module) -> int:
        """Run every cell; return the exit code (0, 1 or 2)."""
        prev = (CONTEXT.warn, CONTEXT.call, CONTEXT.on_backward, CONTEXT.on_check, AG.GRAD_MODE.enabled)
        CONTEXT.warn = self._warn
        CONTEXT.call = self.call_value
        CONTEXT.on_backward = self._on_backward
        CONTEXT.on_check = self._on_check
        if sys.getrecursionlimit() < 12000:
            sys.setrecursionlimit(12000)
        try:
            for cell in module.cells:
                AG.GRAD_MODE.enabled = True
                if cell.error is not None:
                    self._error(cell.error)
                    continue
                try:
                    self.run_block(cell.body, 0, display_last=module.notebook)
                except GradcliError as err:
                    self._error(err)
                    if not module.notebook:
                        break
        finally:
            CONTEXT.warn, CONTEXT.call, CONTEXT.on_backward, CONTEXT.on_check, AG.GRAD_MODE.enabled = prev
        return self.failed

    def _error(self, err: GradcliError):
        self.failed = max(self.failed, err.exit_code)
        self.emit(Event("error", err.span.line if err.span else self.line, error=err))

    def run_block(self, body, depth, display_last=False):
        if depth > MAX_BLOCK_DEPTH:
            raise GradcliError("LimitError", f"blocks nested too deeply (over {MAX_BLOCK_DEPTH} levels)")
        last = len(body) - 1
        for i, stmt in enumerate(body):
            self.steps += 1
            if self.steps > self.max_steps:
                raise GradcliError("LimitError", f"the script ran more than {self.max_steps:,} statements",
                                   stmt.span, "raise the budget with --max-steps N")
            self.line = stmt.span.line
            try:
                if display_last and i == last and type(stmt) is A.Expr:
                    value = self.eval(stmt.value)
                    if value is not None:
                        self.emit(Event("display", stmt.span.line, (value,), (self.text(stmt.value.span),)))
                else:
                    self.exec_stmt(stmt, depth)
            except GradcliError as e:
                raise e.at(stmt.span)
            except MemoryError:
                raise GradcliError("LimitError", "out of memory: the tensors are too large", stmt.span) from None

    def eval(self, expr, scope=None):
        fn = self._compiled(expr)
        return fn(self.vars if scope is None else scope)

    def _compiled(self, expr):
        cache = self.__dict__.setdefault("_cache", {})
        fn = cache.get(id(expr))
        if fn is None:
            fn = cache[id(expr)] = (self.compiler.compile(expr), expr)
        return fn[0]

    def text(self, span: Span) -> str:
        lines = self.source.split("\n")[span.line - 1:span.end_line]
        if not lines:
            return ""
        if len(lines) == 1:
            return lines[0][span.column - 1:span.end_column - 1]
        lines[0] = lines[0][span.column - 1:]
        lines[-1] = lines[-1][:span.end_column - 1]
        return "\n".join(lines)

    # ***** statements *****
    def exec_stmt(self, stmt, depth):
        t = type(stmt)
        if t is A.Assign:
            value = self.eval(stmt.value)
            for target in stmt.targets:
                self.assign(target, value)
        elif t is A.Expr:
            self.eval(stmt.value)
        elif t is A.AugAssign:
            self.aug_assign(stmt)
        elif t is A.For:
            it = self.eval(stmt.iter)
            if isinstance(it, ScriptObject):
                it = it.items()
            if not isinstance(it, (range, list, tuple)):
                raise R.type_error(f"for loops run over range(...), a list or a tuple, not '{R.type_name(it)}'").at(stmt.iter.span)
            for v in it:
                self.assign(stmt.target, v)
                self.run_block(stmt.body, depth + 1)
        elif t is A.With:
            self.run_with(stmt, depth)
        elif t is A.Import:
            for name, alias in stmt.names:
                self.do_import(name, alias, stmt.span)
        elif t is A.ImportFrom:
            self.do_import_from(stmt)
        elif t is A.Assert:
            self.do_assert(stmt)
        elif t is A.Delete:
            for target in stmt.targets:
                self.delete(target)
        elif t is A.Pass:
            pass
        else:
            raise ScriptSyntaxError(f"unsupported statement {t.__name__}", stmt.span)

    def assign(self, target, value):
        t = type(target)
        if t is A.Name:
            self.vars[target.id] = value
        elif t in (A.Tuple, A.List):
            if type(value) is Tensor:
                from ..lang.builtins import _seq_conv
                value = _seq_conv(tuple)(value)
            if not isinstance(value, (tuple, list, range)):
                raise R.type_error(f"cannot unpack non-iterable {R.type_name(value)} object").at(target.span)
            n = len(target.elts)
            if len(value) != n:
                msg = (f"too many values to unpack (expected {n})" if len(value) > n
                       else f"not enough values to unpack (expected {n}, got {len(value)})")
                raise GradcliError("ValueError", msg, target.span)
            for sub, v in zip(target.elts, value):
                self.assign(sub, v)
        elif t is A.Subscript:
            obj = self.eval(target.value)
            key = self._key(target)
            self.set_item(obj, key, value, target.span)
        elif t is A.Attribute:
            obj = self.eval(target.value)
            try:
                R.set_attribute(obj, target.attr, value)
            except GradcliError as e:
                raise e.at(target.span)

    def _key(self, target):
        items = [self._compiled(i)(self.vars) for i in target.index]
        return tuple(items) if target.is_tuple else items[0]

    def set_item(self, obj, key, value, span):
        from ..ops import grad_api
        try:
            if type(obj) is Tensor:
                grad_api.inplace(obj, lambda v: value if type(value) is Tensor else R.api.as_tensor(value),
                                 R._index_key(key))
            elif isinstance(obj, list):
                if not isinstance(key, int):
                    raise R.type_error(f"list indices must be integers, not {R.type_name(key)}")
                obj[key] = value
            else:
                raise R.type_error(f"'{R.type_name(obj)}' object does not support item assignment")
        except GradcliError as e:
            raise e.at(span)
        except IndexError:
            raise GradcliError("IndexError", "list assignment index out of range", span) from None

    def aug_assign(self, stmt):
        target, op = stmt.target, stmt.op
        if type(target) is A.Subscript:
            obj = self.eval(target.value)
            key = self._key(target)
            cur = R.subscript(obj, R._index_key(key) if type(obj) is Tensor else key)
            self.set_item(obj, key, R.binop(op, cur, self.eval(stmt.value)), target.span)
            return
        cur = self.eval(target)
        rhs = self.eval(stmt.value)
        if type(cur) is Tensor:
            from ..ops import grad_api
            # NOTE: `x += y` on a tensor is in place, as in PyTorch.
            grad_api.inplace(cur, lambda v: R.binop(op, v, rhs))
            return
        self.assign(target, R.binop(op, cur, rhs))

    def delete(self, target):
        if type(target) is A.Name:
            if target.id not in self.vars:
                raise R.name_error(target.id).at(target.span)
            del self.vars[target.id]
        elif type(target) is A.Subscript:
            obj = self.eval(target.value)
            if not isinstance(obj, list):
                raise R.type_error(f"'{R.type_name(obj)}' object doesn't support item deletion").at(target.span)
            del obj[self._key(target)]
        else:
            raise ScriptSyntaxError("cannot delete attribute", target.span)

    def run_with(self, stmt, depth):
        entered = []
        try:
            for expr, alias in stmt.items:
                ctx = self.eval(expr)
                if not isinstance(ctx, GradModeContext):
                    raise R.type_error(f"'{R.type_name(ctx)}' object does not support the context manager "
                                       "protocol").at(expr.span)
                ctx.enter()
                entered.append(ctx)
                if alias:
                    self.vars[alias] = None
            self.run_block(stmt.body, depth + 1)
        finally:
            for ctx in reversed(entered):
                ctx.exit()

    def do_import(self, name, alias, span):
        mods = modules()
        if name not in mods:
            raise GradcliError("ImportError", f"gradcli scripts can import torch, torch.nn, "
                               f"torch.nn.functional, torch.optim and numpy, not '{name}'", span)
        if alias:
            self.vars[alias] = mods[name]
        else:
            top = name.split(".")[0]
            self.vars[top] = mods[top]

    def do_import_from(self, stmt):
        mods = modules()
        if stmt.module not in mods:
            raise GradcliError("ImportError", f"gradcli scripts can import from torch, torch.nn, "
                               f"torch.nn.functional and torch.optim, not '{stmt.module}'", stmt.span)
        ns = mods[stmt.module]
        for name, alias in stmt.names:
            if name == "*":
                raise ScriptSyntaxError("'import *' is not supported; name what you import", stmt.span)
            full = f"{stmt.module}.{name}"
            if full in mods:
                self.vars[alias or name] = mods[full]
            else:
                self.vars[alias or name] = R.get_attribute(ns, name)

    def do_assert(self, stmt):
        test = stmt.test
        operands = None
        if type(test) is A.Compare and len(test.ops) == 1:
            # evaluated here, once, so a failure can show both sides
            operands = (self.eval(test.left), self.eval(test.comparators[0]))
            try:
                value = R.compare(test.ops[0], *operands)
            except GradcliError as e:
                raise e.at(test.span)
        else:
            value = self.eval(test)
        ok = R.truth(value)
        self.emit(Event("assert", stmt.span.line, (value,), (self.text(test.span),),
                        extra={"passed": ok}))
        if not ok:
            from ..render.pytext import to_repr, to_str
            msg = self.eval(stmt.msg) if stmt.msg is not None else None
            if msg is not None:
                text = to_str(msg)
            else:
                text = f"assert {self.text(test.span)}"
                if operands is not None:
                    shown = " ".join(to_repr(operands[0]).split()), " ".join(to_repr(operands[1]).split())
                    text += f" ({shown[0]} {test.ops[0]} {shown[1]})"
            raise GradcliError("AssertionError", text, test.span)

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

    def _warn(self, message):
        # NOTE: Python shows a warning once per source line (the "default"
        # filter), so a warning inside a loop is shown once.
        key = (self.line, message)
        if key not in self.warned:
            self.warned.add(key)
            self.emit(Event("warning", self.line, message=message))

    def _on_backward(self, root, steps):
        if steps is not None:
            from ..render.trace_text import label_steps
            steps = label_steps(steps, self.vars.items())
        self.emit(Event("backward", self.line, extra={"root": root, "steps": steps}))

    def _on_check(self, api, results):
        """A gradient checked against finite differences (`gradcli check`)."""
        names = {id(v): k for k, v in self.vars.items() if type(v) is Tensor}
        order = {k: i for i, k in enumerate(self.vars)}
        results = sorted(results, key=lambda r: order.get(names.get(id(r.tensor)), len(order)))
        rows = [{"input": names.get(id(r.tensor), f"input {i}"), "shape": list(r.shape),
                 "max_abs_err": r.max_abs_err, "max_rel_err": r.max_rel_err, "worst_index": list(r.worst_index),
                 "passed": r.passed, "skipped": r.skipped} for i, r in enumerate(results)]
        passed = all(r.passed for r in results)
        self.emit(Event("check", self.line, extra={"api": api, "passed": passed, "results": rows}))
        if not passed:
            self.failed = max(self.failed, 1)

    def invoke_lambda(self, fn: LambdaFn, args, kwargs):
        params = fn.params
        values = dict(zip(params, args))
        for k, v in kwargs.items():
            if k not in params or k in values:
                raise R.type_error(f"<lambda>() got an unexpected keyword argument '{k}'")
            values[k] = v
        if len(args) > len(params) or len(values) != len(params):
            raise R.type_error(f"<lambda>() takes {len(params)} positional arguments but {len(args)} were given")
        if self.lambda_depth >= MAX_LAMBDA_DEPTH:
            raise GradcliError("LimitError", f"lambda calls nested too deeply (over {MAX_LAMBDA_DEPTH})")
        self.lambda_depth += 1
        try:
            return fn.body(Scope(fn.env, values))
        finally:
            self.lambda_depth -= 1

    def call_value(self, fn, args):
        return R.call(fn, list(args), {}, self.invoke_lambda)
