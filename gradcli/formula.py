"""One inline formula at given leaves: value, every intermediate node with
the gradient of the result with respect to it, and each leaf's ``.grad``
(the ``grad`` command)."""
from __future__ import annotations

import numpy as np

from .engine import dtypes as D
from .engine.tensor import Tensor
from .errors import GradcliError, ScriptSyntaxError, UsageError
from .records import Record
from .lang import ast as A


class FormulaResult(Record):
    """A formula's value, its intermediate nodes and its leaves. (A plain
    class: the dataclass machinery costs start-up time.)"""
    FIELDS = ("formula", "value", "nodes", "leaves", "consts", "reduced", "trace")

    def __init__(self, formula: str, value: Tensor, nodes: list | None = None, leaves: dict | None = None,
                 consts: dict | None = None, reduced: str | None = None, trace: tuple | None = None):
        self.formula = formula
        self.value = value
        self.nodes = [] if nodes is None else nodes       # [(source text, Tensor)] in evaluation order
        self.leaves = {} if leaves is None else leaves    # name -> Tensor (requires grad)
        self.consts = {} if consts is None else consts
        self.reduced = reduced
        self.trace = trace                                # (root name, labelled steps) with --trace

    @property
    def title(self) -> str:
        """The root's source: the formula, or ``(formula).sum()`` under --reduce."""
        return f"({self.formula}).{self.reduced}()" if self.reduced else self.formula


_LITERAL_NODES = (A.Constant, A.List, A.Tuple, A.Matrix, A.ArrayLiteral, A.UnaryOp)


def parse_value(text: str, name: str, dtype: D.DType) -> Tensor:
    """A ``-a``/``-c`` VALUE: a number, a matrix literal, or @PATH."""
    from .ops.create import tensor
    if text.startswith("@"):
        from .loaders import load_array
        arr = load_array(text[1:], name)
        return Tensor(np.array(arr, dtype=dtype.np, copy=True))
    value = _plain_literal(text)
    if value is not None:
        try:
            return tensor(value, dtype=dtype)
        except GradcliError as e:
            raise UsageError(f"-a {name}=...: {e.message}") from None
    from .lang.parse import parse_cell
    try:
        body = parse_cell(text)
    except ScriptSyntaxError as e:
        raise UsageError(f"-a {name}=...: {text!r} is not a number or a matrix literal ({e.message})",
                         "write a number (2.5), a list ([1, 2, 3]) or a matrix ([1, 2; 3, 4]), or @file.npy") from None
    stack = [body[0].value] if len(body) == 1 and type(body[0]) is A.Expr else []
    if not stack:
        raise UsageError(f"-a {name}=...: {text!r} is not a number or a matrix literal")
    root = stack[0]
    while stack:
        node = stack.pop()
        if not isinstance(node, _LITERAL_NODES) or (type(node) is A.UnaryOp and node.op not in "-+"):
            raise UsageError(f"-a {name}=...: {text!r} is not a number or a matrix literal",
                             "values are numbers, [..] lists or [a, b; c, d] matrices; compute in the formula")
        from .lang.evaluate import children
        stack.extend(children(node))
    from .lang.interp import Interpreter
    try:
        v = Interpreter(text, lambda ev: None).eval(root)
        return tensor(v, dtype=dtype) if type(v) is not Tensor else Tensor(v.data.astype(dtype.np))
    except GradcliError as e:
        raise UsageError(f"-a {name}=...: {e.message}") from None


def _plain_literal(text: str):
    """A number or a [..] / [a, b; c, d] literal read without the parser
    (the common case, and a start-up cost saved); None for anything else."""
    from .lang.literals import read_numbers
    t = text.strip()
    if not t:
        return None
    if t[0] == "[" and t[-1] == "]":
        return read_numbers(t)[0]
    value = read_numbers("[" + t + "]")[0]
    return value[0] if isinstance(value, list) and len(value) == 1 and ";" not in t else None


def evaluate(formula: str, at: dict, consts: dict, reduce: str | None = None) -> FormulaResult:
    """Run forward and backward for ``formula``; raises GradcliError."""
    from .session import quiet_numerics
    with quiet_numerics():
        return _evaluate(formula, at, consts, reduce)


def forward(formula: str, at: dict, consts: dict, observe=None):
    """Evaluate ``formula`` with the leaves bound: (interpreter, expression
    node, value). The value is a tensor that depends on an -a leaf."""
    from .lang.evaluate import Compiler
    from .lang.interp import Interpreter
    from .lang.parse import parse_cell
    body = parse_cell(formula)
    if len(body) != 1 or type(body[0]) is not A.Expr:
        raise ScriptSyntaxError("a formula is one expression (use `gradcli run` for scripts)",
                                body[0].span if body else None)
    interp = Interpreter(formula, lambda ev: None)
    if observe is not None:
        interp.compiler = Compiler(interp, observe)
    for name, t in list(at.items()) + list(consts.items()):
        interp.vars[name] = t
    try:
        value = interp.eval(body[0].value)
    except GradcliError as e:
        if e.kind == "NameError" and e.message.startswith("name '"):
            name = e.message.split("'")[1]
            bind = f"bind it with -a {name}=VALUE (a leaf that requires grad) or -c {name}=VALUE (a constant)"
            e.hint = f"{e.hint[:-1]}, or {bind}" if e.hint else bind
        raise
    if type(value) is not Tensor:
        raise GradcliError("TypeError", f"the formula's value is a {type(value).__name__}, not a tensor",
                           body[0].span, "use the -a leaves in the formula")
    if not value.requires_grad:
        raise GradcliError("RuntimeError", "the formula does not depend on any -a leaf, so it has no gradient",
                           body[0].span, "bind the variables with -a NAME=VALUE (not -c)")
    return interp, body[0], value


def _evaluate(formula, at, consts, reduce):
    from .ops import autograd_calls as grad_api
    from .ops.arith import mean, sum as tsum
    seen, order = set(), []

    def observe(node, v):
        if type(v) is Tensor and v.grad_fn is not None and id(v) not in seen:
            seen.add(id(v))
            order.append((node, v))
    interp, expr, value = forward(formula, at, consts, observe)
    reduced = None
    if value.data.size != 1:
        if reduce is None:
            raise GradcliError("RuntimeError",
                               f"grad can be implicitly created only for scalar outputs (the formula's value "
                               f"has shape {list(value.shape)})", expr.span,
                               "wrap it in sum(...), pass --reduce sum or --reduce mean, or use `gradcli jacobian`")
        value = tsum(value) if reduce == "sum" else mean(value)
        order.append((None, value))
        reduced = reduce
    for _, t in order:
        grad_api.retain_grad(t)
    grad_api.backward(value)
    nodes = [(interp.text(n.span) if n is not None else f"({formula}).{reduce}()", t) for n, t in order]
    return FormulaResult(formula, value, nodes, dict(at), dict(consts), reduced)


def _torch_setup(formula: str, at: dict, consts: dict) -> tuple[list, str]:
    """The first lines of an equivalent PyTorch script (the import, the
    leaves and constants) and the formula as PyTorch source (matrix
    literals, ``^`` and bare torch names translated, lang/torch_source.py)."""
    from .lang.parse import parse_cell
    from .lang.builtins import modules
    from .lang.torch_source import torch_source
    torch_names = modules()["torch"].table
    bound = set(at) | set(consts)
    body = parse_cell(formula)
    expr = torch_source(body[0].value, formula,
                        lambda name: name not in bound and name in torch_names and callable(torch_names[name]))
    lines = ["import torch", ""]
    for name, t in at.items():
        lines.append(f"{name} = torch.tensor({t.data.tolist()!r}, dtype=torch.{t.data.dtype.name}, requires_grad=True)")
    for name, t in consts.items():
        lines.append(f"{name} = torch.tensor({t.data.tolist()!r}, dtype=torch.{t.data.dtype.name})")
    return lines, expr


def torch_script(formula: str, at: dict, consts: dict, reduce: str | None) -> str:
    """An equivalent standalone PyTorch script, to cross-check with real
    PyTorch: valid Python that prints the value and each .grad."""
    lines, expr = _torch_setup(formula, at, consts)
    if reduce:
        expr = f"({expr}).{reduce}()"
    lines += [f"y = {expr}", "y.backward()", "print(y)"]
    lines += [f"print({name}.grad)" for name in at]
    return "\n".join(lines) + "\n"


def _free_name(name: str, taken) -> str:
    while name in taken:
        name += "_"
    return name


def derivative_script(kind: str, formula: str, at: dict, consts: dict) -> str:
    """``jacobian``/``hessian --emit torch``: the same derivatives computed by
    ``torch.autograd.functional``, in a script that prints what
    ``--format torch`` prints (the formula's value, then each block)."""
    from .derivatives import DerivativeResult
    from .render.formula_out import block_title
    lines, expr = _torch_setup(formula, at, consts)
    taken = set(at) | set(consts) | {"torch"}
    fn, result = _free_name("f", taken), _free_name("result", taken)
    api = _free_name(kind, taken)
    names = list(at)
    lines[0:1] = ["import torch", f"from torch.autograd.functional import {kind}" +
                  (f" as {api}" if api != kind else "")]
    lines += ["", "", f"def {fn}({', '.join(names)}):", f"    return {expr}", "", "",
              f"print({'# ' + formula!r})", f"print({fn}({', '.join(names)}))",
              f"{result} = {api}({fn}, ({', '.join(names)},))"]
    res = DerivativeResult(formula, kind, None)
    for i, a in enumerate(names):
        if kind == "jacobian":
            lines += [f"print({'# ' + block_title(res, a)!r})", f"print({result}[{i}])"]
            continue
        for j, b in enumerate(names):
            lines += [f"print({'# ' + block_title(res, (a, b))!r})", f"print({result}[{i}][{j}])"]
    return "\n".join(lines) + "\n"
