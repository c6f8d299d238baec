"""The op row: one declarative record per op, and what is derived from it.

A row (``Op``) says, like an entry of PyTorch's derivatives.yaml: the name,
the grad_fn name (written out: no rule can derive it), the numpy forward,
one gradient rule per differentiable input, the dtype policy, the forms a
script reaches it in (``torch.f``, ``x.f()``, ``x.f_()``, ``F.f``, bare
``f``), aliases, PyTorch's argument list, and sample inputs for the
table-driven tests. From the rows come:

- the names scripts reach (``ops/names.py`` reads ``ROWS``);
- the PyTorch-facing function of an elementwise row (``kind="unary"`` or
  ``"binary"``), with its in-place ``x.f_()`` form;
- which saved values each rule reads (``reads``/``saves``, from the rule's
  own code: reading only ``x.shape``/``x.ndim``/``x.dtype`` is no read);
- the table-driven tests and the README's op table.

A rule is ``rule(m, g, out, *inputs, **attrs)``: ``m`` is the math
namespace (``ops/mathspace.py``), numpy on the plain path and Tensors under
``create_graph=True``, so one formula serves both.

Rows whose PyTorch-facing function needs more than the generic elementwise
path name it with ``call=`` or register it with ``@implements(name)`` in the
module that owns it. Rows without forms are internal variants (``sum_dim``
is ``SumBackward1``) reached through a public row, named in ``via=``.
"""
from __future__ import annotations

import dis
import inspect

import numpy as np

from ..engine import dtypes as D
from ..engine.autograd import record
from ..engine.tensor import Tensor
from ..errors import GradcliError, type_error
from .device import write_out
from .operands import as_compute, as_dtype, as_tensor, broadcast_shape, operand, result_dtype, shape_of, type_name

# ***** forms and dtype policies *****
FUNCTION_FORMS = ("torch", "method", "bare")        # torch.f(x), x.f(), f(x)
ALL_FORMS = ("torch", "method", "inplace", "F", "bare")
FLOAT_PROMOTE = "float"        # integer and bool inputs compute in the default float dtype
KEEP = "keep"                  # the result keeps the (promoted) input dtype
BOOL_RESULT = "bool"           # a comparison or test: bool result, no gradient

ROWS: dict[str, "Op"] = {}
_PENDING_CALLS: dict = {}          # functions marked with @implements before their row
_META_ATTRS = frozenset(("shape", "ndim", "dtype"))


class T:
    """A tensor argument of a sample: a shape (random values from a fixed
    seed, in ``[low, high)``) or explicit ``values``."""
    __slots__ = ("shape", "values", "low", "high", "grad", "dtype")

    def __init__(self, shape=None, values=None, low=-2.0, high=2.0, grad=True, dtype="float64"):
        self.shape, self.values, self.low, self.high = shape, values, low, high
        self.grad, self.dtype = grad, dtype

    def __repr__(self):
        body = f"values={self.values!r}" if self.values is not None else f"{self.shape!r}"
        return f"T({body})"


class Sample:
    """One call of an op: positional and keyword arguments (``T`` for tensors)."""
    __slots__ = ("args", "kwargs", "label")

    def __init__(self, *args, label="", **kwargs):
        self.args, self.kwargs, self.label = args, kwargs, label

    def __repr__(self):
        parts = [repr(a) for a in self.args] + [f"{k}={v!r}" for k, v in self.kwargs.items()]
        return f"Sample({', '.join(parts)})"


def samples(*shapes_or_samples):
    """Shorthand: a tuple of shapes is one tensor argument per shape."""
    out = []
    for s in shapes_or_samples:
        if isinstance(s, Sample):
            out.append(s)
        else:
            out.append(Sample(*(a if isinstance(a, T) else T(a) for a in s)))
    return tuple(out)


class Op:
    """One row of the op table (see the module docstring)."""
    __slots__ = ("key", "name", "grad_fn", "forward", "grads", "vjps", "saves", "reads", "dtype",
                 "forms", "aliases", "args", "samples", "call", "kind", "via", "doc", "method_name",
                 "number_other", "overrides", "float_kernel", "symmetric", "compute")

    def __init__(self, name, grad_fn, forward, grads=None, *, key=None, dtype=FLOAT_PROMOTE, forms=(),
                 aliases=(), args=None, samples=(), call=None, kind=None, via=None, saves=None,
                 reads=None, doc="", method_name=None, number_other=True, float_kernel=None,
                 symmetric=False):
        self.key = key or name
        self.name, self.grad_fn, self.forward = name, grad_fn, forward
        self.grads = dict(grads or {})
        self.vjps = tuple(self.grads.values())
        self.dtype, self.forms, self.aliases = dtype, tuple(forms), tuple(aliases)
        self.args, self.samples, self.kind, self.via, self.doc = args, tuple(samples), kind, via, doc
        self.method_name = method_name
        self.number_other = number_other      # a binary row's other may be a Python number
        self.float_kernel = float_kernel      # PyTorch's kernel name, when it refuses integer inputs
        # the two inputs' rules give the same gradient when both are one tensor (x * x)
        self.symmetric = symmetric
        # ``saves`` and ``reads`` are derived on first use (reading the rules'
        # code costs start-up time); explicit ones are kept as given.
        self.overrides = (saves, reads)
        self.compute = None         # an elementwise row's forward and record, given its attrs (below)
        if call is None and kind is not None:
            call = _elementwise_call(self)
        self.call = call

    def __repr__(self):
        return f"Op({self.name!r}, {self.grad_fn!r})"

    def __getattr__(self, name):
        # Only reached while ``saves``/``reads`` are not derived yet.
        if name not in ("saves", "reads"):
            raise AttributeError(name)
        saves, reads = self.overrides
        if reads is None:
            reads = [_reads_of(rule, len(self.vjps)) for rule in self.vjps]
        self.reads = tuple(tuple(r) for r in reads)
        if saves is None:
            wanted = set().union(*self.reads) if self.reads else set()
            saves = tuple(sorted(i for i in wanted if i != "out")) + (("out",) if "out" in wanted else ())
        self.saves = tuple(saves)
        return getattr(self, name)

    def apply(self, inputs, attrs, out, compute_dtype=None, view_of=None, output_nr=None):
        """Record this row's node for ``out`` (already computed)."""
        return record(self, inputs, attrs, out, compute_dtype, view_of, output_nr)


def row(*args, **kwargs) -> Op:
    """Declare a row and add it to ``ROWS``."""
    op = Op(*args, **kwargs)
    if op.call is None and op.key in _PENDING_CALLS:
        op.call = _PENDING_CALLS.pop(op.key)
    if op.key in ROWS:
        raise ValueError(f"op row {op.key!r} declared twice")
    ROWS[op.key] = op
    return op


def backward_row(name, grad_fn, forward, grads, **kwargs) -> Op:
    """A row for one of PyTorch's backward functions (``tanh_backward``): a
    gradient rule calls it as ``m.<name>(...)``, which is this forward on the
    plain path and, under ``create_graph=True``, the same forward (the same
    bits) recorded as PyTorch's node (``TanhBackwardBackward0``), whose
    rules are PyTorch's double-backward formulas (derivatives.yaml)."""
    op = row(name, grad_fn, forward, grads, via="a gradient made with create_graph=True", **kwargs)
    op.call = lambda *inputs, **attrs: op.apply(inputs, attrs, forward(*(t.data for t in inputs), **attrs))
    return op


def no_derivative(name):
    """The rule of an input of an op PyTorch has no derivative for: running
    it is PyTorch's error (the op's node is ``NotImplemented``)."""
    def rule(m, g, out, *inputs, **attrs):
        from ..errors import runtime_error
        raise runtime_error(f"derivative for aten::{name} is not implemented")
    return rule


def implements(key):
    """Mark a function as the PyTorch-facing call of row ``key`` (declared
    before or after the function)."""
    def deco(fn):
        if key in ROWS:
            ROWS[key].call = fn
        else:
            _PENDING_CALLS[key] = fn
        return fn
    return deco


def _reads_of(rule, n_inputs):
    """Which of the rule's inputs (indices) and ``out`` it reads, from its
    code: a parameter used only as ``p.shape``/``p.ndim``/``p.dtype`` is not
    read (that is metadata PyTorch keeps without saving the tensor)."""
    if rule is None:
        return ()
    code = rule.__code__
    params = code.co_varnames[:code.co_argcount]
    wanted = {p: i - 3 for i, p in enumerate(params) if 3 <= i < 3 + n_inputs}
    if len(params) > 2:
        wanted[params[2]] = "out"
    found = set()
    ins = list(dis.get_instructions(code))
    for k, ins_k in enumerate(ins):
        if not ins_k.opname.startswith("LOAD_FAST") and ins_k.opname != "LOAD_DEREF":
            continue
        names = ins_k.argval if isinstance(ins_k.argval, tuple) else (ins_k.argval,)
        for j, name in enumerate(names):
            if name not in wanted:
                continue
            nxt = ins[k + 1] if k + 1 < len(ins) else None
            meta = (j == len(names) - 1 and nxt is not None and nxt.opname == "LOAD_ATTR"
                    and nxt.argval in _META_ATTRS)
            if not meta:
                found.add(wanted[name])
    return tuple(sorted(i for i in found if i != "out")) + (("out",) if "out" in found else ())


# ***** the generic elementwise call (kind="unary" / "binary") *****

def parse_args(spec: str) -> inspect.Signature:
    """PyTorch's argument list, e.g. ``"input, other, *, alpha=1"``, as a
    Signature (defaults are Python literals of this table)."""
    import ast
    params, kind = [], inspect.Parameter.POSITIONAL_OR_KEYWORD
    for part in (p.strip() for p in spec.split(",")):
        if part == "*":
            kind = inspect.Parameter.KEYWORD_ONLY
            continue
        name, eq, default = part.partition("=")
        value = ast.literal_eval(default.strip()) if eq else inspect.Parameter.empty
        params.append(inspect.Parameter(name.strip(), kind, default=value))
    return inspect.Signature(params)


def _quoted(names) -> str:
    q = [f"'{n}'" for n in names]
    return q[0] if len(q) == 1 else f"{q[0]} and {q[1]}" if len(q) == 2 else ", ".join(q[:-1]) + ", and " + q[-1]


def python_call_error(name, signature: inspect.Signature, args, kwargs) -> str:
    """Python's TypeError for a call of a Python function ``name`` of this
    signature that does not bind, in CPython's order: an unknown or repeated
    keyword, too many positional arguments, missing ones."""
    params = list(signature.parameters.values())
    positional = [p.name for p in params if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]
    keyword_only = [p.name for p in params if p.kind is inspect.Parameter.KEYWORD_ONLY]
    n = len(args)
    for k in kwargs:
        if k not in positional and k not in keyword_only:
            return f"{name}() got an unexpected keyword argument '{k}'"
        if k in positional[:n]:
            return f"{name}() got multiple values for argument '{k}'"
    if n > len(positional):
        least = sum(1 for p in params[:len(positional)] if p.default is p.empty)
        span = f"from {least} to {len(positional)}" if least < len(positional) else str(len(positional))
        plural = "s" if least < len(positional) or len(positional) != 1 else ""
        given = sum(1 for k in kwargs if k in keyword_only)
        extra = (f" positional argument{'s' if n != 1 else ''} (and {given} keyword-only argument"
                 f"{'s' if given != 1 else ''})") if given else ""
        return (f"{name}() takes {span} positional argument{plural} but {n}{extra} "
                f"{'was' if n == 1 and not given else 'were'} given")
    for kind, names in (("positional", positional[n:]), ("keyword-only", keyword_only)):
        missing = [k for k in names if signature.parameters[k].default is inspect.Parameter.empty and k not in kwargs]
        if missing:
            return f"{name}() missing {len(missing)} required {kind} argument{'s' if len(missing) != 1 else ''}: " \
                   f"{_quoted(missing)}"
    return f"{name}() got invalid arguments"


def _elementwise_call(op: Op):
    """The PyTorch-facing function of an elementwise row: operands to
    tensors, dtype by promotion and the row's policy, broadcasting checked,
    forward, node recorded. Parameters past the tensor inputs are attrs."""
    n = len(op.grads) if op.grads else (1 if op.kind == "unary" else 2)
    spec = op.args or ("input" if n == 1 else "input, other")
    names = [p.split("=")[0].strip() for p in spec.split(",") if p.strip() != "*"]
    tensor_names, attr_names = names[:n], [p for p in names[n:] if p not in ("out", "inplace")]
    signature = []          # parsed on the first call with keywords (start-up time)
    policy, forward = op.dtype, op.forward

    def compute(*inputs, row_=op, **attrs):
        xs = [operand(x) for x in inputs]
        if not op.number_other:
            for k, x in enumerate(xs[1:], 2):
                if type(x) is not Tensor:
                    raise type_error(f"{op.name}(): argument '{tensor_names[k - 1]}' (position {k}) must be "
                                     f"Tensor, not {type_name(inputs[k - 1])}")
        if n == 1:
            x = xs[0]
            if type(x) is not Tensor:
                x = xs[0] = as_tensor(x)
            dt = D.of_array(x.data)
            if op.float_kernel and dt.category < 2:
                raise GradcliError("NotImplementedError", f'"{op.float_kernel}" not implemented for '
                                   f"'{dt.torch_type[:-6]}'")
        else:
            dt = result_dtype(*xs)
            shape = ()
            for x in xs:
                shape = broadcast_shape(shape, shape_of(x)) if shape != shape_of(x) else shape
        cast = None
        if policy == FLOAT_PROMOTE and dt.category < 2:
            dt = cast = D.DEFAULT_FLOAT
        elif n > 1:
            cast = dt
        arrays = [as_compute(x, dt) for x in xs]
        with np.errstate(all="ignore"):
            out = forward(*arrays, **attrs) if attrs else forward(*arrays)
        if policy == BOOL_RESULT:
            return Tensor(np.asarray(out))
        return record(row_, tuple(xs), attrs, as_dtype(out, dt), cast)

    def call(*args, **kwargs):
        if kwargs or len(args) != n or len(names) != n:
            if not signature:
                signature.append(parse_args(spec))
            try:
                bound = signature[0].bind(*args, **kwargs)
            except TypeError:
                raise type_error(python_call_error(op.name, signature[0], args, kwargs)) from None
            bound.apply_defaults()
            a = bound.arguments
            rest = [a[k] for k in tensor_names[1:]]
            attrs = {k: a[k] for k in attr_names}
            if a.get("inplace"):
                # NOTE: some in-place activations have their own node (LeakyReluBackward1).
                from .autograd_calls import inplace
                row_ = ROWS.get(op.key + "_inplace", op)
                return inplace(a[tensor_names[0]], lambda v: compute(v, *rest, row_=row_, **attrs))
            result = compute(a[tensor_names[0]], *rest, **attrs)
            out = a.get("out")
            if out is not None:
                return write_out(out, result, op.name)
            return result
        return compute(*args)

    call.__name__ = call.__qualname__ = op.name
    # NOTE: PyTorch's native forms of an activation may take attrs its F
    # function does not (F.elu_'s scale and input_scale): they call this
    op.compute = compute
    return call
