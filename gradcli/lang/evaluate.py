"""Expressions → Python closures, compiled bottom-up without recursion.

Each AST node becomes ``ev(scope) -> value``. Errors raised inside get the
span of the innermost node that saw them. Expression depth is bounded
(``MAX_DEPTH``) with a clear error, so evaluation never overflows the stack;
parentheses add no depth, so deeply parenthesised input is fine.
"""
from __future__ import annotations

import operator

from . import ast as A
from . import runtime as R
from ..errors import GradcliError, ScriptSyntaxError
from ..engine.tensor import Tensor
from ..ops.arith import NUMBER_OPERATORS, float_unary, float_unary_op, with_constant
from ..ops.create import Literal
from ..ops.names import TORCH
from .values import Function, Namespace, NotOffered

_TORCH_TENSOR = TORCH["tensor"]           # torch.tensor, as scripts call it

MAX_DEPTH = 900


class Scope(dict):
    """Variables of one function call or comprehension; unknown names fall
    back to the enclosing scope (``outer``)."""
    __slots__ = ("outer",)

    def __missing__(self, key):
        return self.outer[key]


def new_scope(outer, values) -> Scope:
    scope = Scope(values)
    scope.outer = outer
    return scope


def children(node):
    t = type(node)
    if t is A.BinOp:
        return (node.left, node.right)
    if t is A.UnaryOp:
        return (node.operand,)
    if t is A.BoolOp:
        return node.values
    if t is A.Compare:
        return (node.left,) + node.comparators
    if t is A.IfExp:
        return (node.test, node.body, node.orelse)
    if t is A.Call:
        return (node.func,) + tuple(a.value if type(a) is A.Starred else a for a in node.args) + \
            tuple(k.value for k in node.keywords)
    if t is A.Attribute:
        return (node.value,)
    if t is A.Subscript:
        return (node.value,) + node.index
    if t is A.Slice:
        return tuple(x for x in (node.lower, node.upper, node.step) if x is not None)
    if t in (A.Tuple, A.List, A.Set):
        return tuple(e.value if type(e) is A.Starred else e for e in node.elts)
    if t is A.Matrix:
        return tuple(e for row in node.rows for e in row)
    if t is A.Lambda:
        return node.params.defaults() + (node.body,)
    if t is A.Dict:
        return tuple(k for k in node.keys if k is not None) + node.values
    if t is A.Comp:
        out = []
        for g in node.generators:
            out.append(g.iter)
            out.extend(g.ifs)
        if node.key is not None:
            out.append(node.key)
        out.append(node.elt)
        return tuple(out)
    if t is A.JoinedStr:
        return node.values
    if t is A.FormattedValue:
        return (node.value,) if node.format_spec is None else (node.value, node.format_spec)
    if t is A.Starred:
        return (node.value,)
    return ()


# Nodes with no child expressions (``children`` gives them none).
_LEAVES = frozenset((A.Name, A.Constant, A.ArrayLiteral))


class Compiler:
    """Compiles expressions for one interpreter (it supplies name lookup)."""

    def __init__(self, interp, observe=None):
        self.interp = interp
        self.observe = observe      # callable(node, value) to see every intermediate value
        self.imported = frozenset()     # the names the module's own imports bind (call_line)

    def compile(self, root):
        done, depth, rules, observe = {}, {}, _RULES, self.observe
        stack = [(root, None)]
        while stack:
            node, kids = stack.pop()
            t = type(node)
            if kids is None:
                kids = () if t in _LEAVES else children(node)
                if kids:
                    stack.append((node, kids))
                    for k in kids:
                        stack.append((k, None))
                    continue
            d = 0
            for k in kids:
                dk = depth[id(k)]
                if dk > d:
                    d = dk
            d += 1
            if d > MAX_DEPTH:
                raise ScriptSyntaxError(f"expression nested too deeply (over {MAX_DEPTH} levels)", node.span,
                                        "split it into several assignments")
            depth[id(node)] = d
            fn = rules[t](self, node, [done[id(k)] for k in kids])
            if observe is not None and t in _OBSERVED:
                fn = _observed(fn, node, observe)
            done[id(node)] = fn
        return done[id(root)]

    # ----- leaves -----
    def c_Name(self, node, _):
        name, span, builtins = node.id, node.span, self.interp.builtins

        def ev(s):
            try:
                return s[name]
            except KeyError:
                v = builtins.get(name, _MISSING)
                if v is _MISSING:
                    raise R.name_error(name, R.scope_names(s, builtins)).at(span) from None
                if type(v) is NotOffered:
                    raise GradcliError("NameError", f"'{name}' is not available in gradcli scripts", span,
                                       "scripts reach nothing but the language: no Python internals, "
                                       "files or modules") from None
                return v
        return ev

    def c_Constant(self, node, _):
        v = node.value
        return lambda s: v

    def c_ArrayLiteral(self, node, _):
        value, is_matrix, span = node.value, node.is_matrix, node.span
        if is_matrix:
            def ev(s):
                from ..ops.create import tensor
                try:
                    return tensor(value)
                except GradcliError as e:
                    raise e.at(span)
            return ev
        from .literals import fresh
        depth = node.depth
        return lambda s: fresh(value, depth)

    # ----- operators -----
    def c_BinOp(self, node, kids):
        left, right = kids
        op, span, binop = node.op, node.span, R.binop
        direct = R.tensor_binop(op)
        py = _PY_FAST.get(op)
        if direct is None:
            def ev(s):
                try:
                    return binop(op, left(s), right(s))
                except GradcliError as e:
                    raise e.at(span)
            return ev

        number = node.right.value if type(node.right) is A.Constant else None
        if op in NUMBER_OPERATORS and (type(number) is float or type(number) is int):
            name = node.left.id if type(node.left) is A.Name else None
            return _with_constant(left, name, op, number, span, direct, py)

        def ev_tensor(s):
            # NOTE: fast path: Tensor with Tensor or a Python number goes
            # straight to the op, as R.binop would send it; the rest (lists,
            # Python arithmetic, errors) takes R.binop.
            try:
                a, b = left(s), right(s)
                ta, tb = type(a), type(b)
                if (ta is Tensor and tb in _DIRECT) or (tb is Tensor and ta in _DIRECT):
                    return direct(a, b)
                if py is not None and ta in _PY_NUMBERS and tb in _PY_NUMBERS:
                    return py(a, b)         # NOTE: Python numbers: + - * cannot fail
                return binop(op, a, b)
            except GradcliError as e:
                raise e.at(span)
        return ev_tensor

    def c_UnaryOp(self, node, kids):
        (operand,), op, span = kids, node.op, node.span

        def ev(s):
            try:
                return R.unaryop(op, operand(s))
            except GradcliError as e:
                raise e.at(span)
        return ev

    def c_BoolOp(self, node, kids):
        is_and, span = node.op == "and", node.span

        def ev(s):
            try:
                v = None
                for k in kids:
                    v = k(s)
                    if R.truth(v) != is_and:
                        return v
                return v
            except GradcliError as e:
                raise e.at(span)
        return ev

    def c_Compare(self, node, kids):
        ops, span = node.ops, node.span

        def ev(s):
            try:
                left = kids[0](s)
                result = True
                for op, k in zip(ops, kids[1:]):
                    right = k(s)
                    result = R.compare(op, left, right)
                    if type(result) is not Tensor and not result:
                        return result
                    left = right
                return result
            except GradcliError as e:
                raise e.at(span)
        return ev

    def c_IfExp(self, node, kids):
        test, body, orelse = kids
        span = node.span

        def ev(s):
            try:
                return body(s) if R.truth(test(s)) else orelse(s)
            except GradcliError as e:
                raise e.at(span)
        return ev

    # ----- calls, attributes, subscripts -----
    def c_Call(self, node, kids):
        func, rest = kids[0], kids[1:]
        nargs = len(node.args)
        starred = tuple(type(a) is A.Starred for a in node.args)
        any_star = any(starred)
        kwnames = tuple(k.arg for k in node.keywords)
        args_ev, kw_ev = rest[:nargs], rest[nargs:]
        span, invoke = node.span, self.interp.invoke_function
        call = R.call
        interp = self.interp
        line = call_line(node, self.imported)
        # print(...) shows each argument under its source text (Rich view).
        sources = tuple(interp.text(a.span) for a in node.args) \
            if type(node.func) is A.Name and node.func.id == "print" else None

        parts = getattr(func, "parts", None)
        if parts is not None and not any_star and sources is None and None not in kwnames:
            arg_name = node.args[0].id if nargs == 1 and type(node.args[0]) is A.Name else None
            first = node.args[0] if nargs else None
            literal = first.value if type(first) is A.ArrayLiteral and not first.is_matrix else None
            return _namespace_call(parts, args_ev, kwnames, kw_ev, span, invoke, interp, line, arg_name, literal)
        star_kw = None in kwnames

        def ev(s):
            try:
                f = func(s)
                if any_star:
                    args = []
                    for is_star, a in zip(starred, args_ev):
                        v = a(s)
                        if is_star:
                            args.extend(R.star_items(v, f))
                        else:
                            args.append(v)
                else:
                    args = [a(s) for a in args_ev]
                if star_kw:
                    kwargs = {}
                    for n, k in zip(kwnames, kw_ev):
                        if n is None:
                            R.merge_kwargs(kwargs, k(s), f)
                        elif n in kwargs:
                            raise R.type_error(f"{R.callable_name(f)}() got multiple values for keyword argument '{n}'")
                        else:
                            kwargs[n] = k(s)
                else:
                    kwargs = {n: k(s) for n, k in zip(kwnames, kw_ev)} if kwnames else {}
                if sources is not None:
                    interp.print_sources = sources
                interp.line = line
                return call(f, args, kwargs, invoke)
            except (GradcliError, MemoryError, RecursionError) as e:
                raise _call_error(e, span) from None
        return ev

    def c_Attribute(self, node, kids):
        (value,), name, span = kids, node.attr, node.span
        interp, line = self.interp, span.end_line

        def ev(s):
            try:
                v = value(s)
                interp.line = line      # the line Python reads an attribute at (warnings: `.grad`)
                return R.get_attribute(v, name)
            except GradcliError as e:
                raise e.at(span)
        ev.parts = (value, name, span)      # for c_Call's fast path
        return ev

    def c_Slice(self, node, kids):
        it = iter(kids)
        lo = next(it) if node.lower is not None else None
        hi = next(it) if node.upper is not None else None
        st = next(it) if node.step is not None else None

        def ev(s):
            vals = [None if f is None else _slice_int(f(s)) for f in (lo, hi, st)]
            return slice(*vals)
        return ev

    def c_Subscript(self, node, kids):
        value, items = kids[0], kids[1:]
        is_tuple, span = node.is_tuple, node.span

        def ev(s):
            try:
                v = value(s)
                key = tuple(i(s) for i in items) if is_tuple else items[0](s)
                return R.subscript(v, key)
            except GradcliError as e:
                raise e.at(span)
        return ev

    # ----- displays -----
    def c_Tuple(self, node, kids):
        if any(type(e) is A.Starred for e in node.elts):
            spread = _spread(node.elts, kids, node.span)
            return lambda s: tuple(spread(s))
        return lambda s: tuple([k(s) for k in kids])

    def c_Set(self, node, kids):
        span = node.span
        spread = _spread(node.elts, kids, span)

        def ev(s):
            out = set()
            for v in spread(s):
                try:
                    out.add(v)
                except TypeError:
                    raise R.type_error(f"unhashable type: '{R.type_name(v)}'").at(span) from None
            return out
        return ev

    def c_Dict(self, node, kids):
        span = node.span
        nkeys = sum(1 for k in node.keys if k is not None)
        key_ev, val_ev = iter(kids[:nkeys]), kids[nkeys:]
        entries = tuple((next(key_ev) if k is not None else None, v) for k, v in zip(node.keys, val_ev))

        def ev(s):
            out = {}
            try:
                for k, v in entries:
                    if k is None:
                        R.merge_mapping(out, v(s))
                    else:
                        R.set_key(out, k(s), v(s))
            except GradcliError as e:
                raise e.at(span)
            return out
        return ev

    def c_Comp(self, node, kids):
        from .comprehensions import compile_comprehension
        return compile_comprehension(self.interp, node, kids)

    def c_Starred(self, node, kids):
        raise ScriptSyntaxError("can't use starred expression here", node.span)

    def c_JoinedStr(self, node, kids):
        consts = tuple(p.value if type(p) is A.Constant else None for p in node.values)
        pieces = tuple(zip(consts, kids))

        def ev(s):
            return "".join([c if c is not None else k(s) for c, k in pieces])
        return ev

    def c_FormattedValue(self, node, kids):
        from .formatting import convert, format_value
        value, spec = kids[0], (kids[1] if len(kids) > 1 else None)
        conversion, span = node.conversion, node.span

        def ev(s):
            try:
                v = value(s)
                if conversion:
                    v = convert(v, conversion)
                return format_value(v, spec(s) if spec is not None else "")
            except GradcliError as e:
                raise e.at(span)
        return ev

    def c_List(self, node, kids):
        ragged = _ragged_literal(node)
        if ragged is not None:
            span = node.span

            def fail(s):
                raise GradcliError("ValueError", ragged, span,
                                   "a nested list of numbers must be rectangular to make a tensor")
            return fail
        if any(type(e) is A.Starred for e in node.elts):
            spread = _spread(node.elts, kids, node.span)
            return lambda s: list(spread(s))
        return lambda s: [k(s) for k in kids]

    def c_Matrix(self, node, kids):
        widths = [len(r) for r in node.rows]
        span = node.span
        if len(set(widths)) != 1:
            raise ScriptSyntaxError(f"matrix rows have different lengths ({', '.join(map(str, widths))})", span)
        w = widths[0]

        def ev(s):
            from ..ops.create import tensor
            vals = [k(s) for k in kids]
            try:
                return tensor([vals[i:i + w] for i in range(0, len(vals), w)])
            except GradcliError as e:
                raise e.at(span)
        return ev

    def c_Lambda(self, node, kids):
        from .values import UserFunction
        *defaults, body = kids
        params, span = node.params, node.span
        names = tuple(n for n, d in params.positional + params.kwonly if d is not None)
        statements = getattr(self.interp, "statements", None)
        qualname = (statements.qualname_prefix if statements is not None else "") + "<lambda>"

        def ev(s):
            return UserFunction("<lambda>", params, {n: d(s) for n, d in zip(names, defaults)},
                                body, s, True, span, qualname)
        return ev


def _spread(elts, kids, span):
    """``*x`` items of a display: a function giving the flat item list."""
    starred = tuple(type(e) is A.Starred for e in elts)

    def items(s):
        out = []
        for is_star, k in zip(starred, kids):
            if is_star:
                try:
                    out.extend(R.iterate(k(s)))
                except GradcliError as e:
                    raise e.at(span)
            else:
                out.append(k(s))
        return out
    return items


_NO_NAMESPACE = object()


def call_line(node, imported) -> int:
    """The line Python 3.11 runs a call at, which its warnings name: the
    method's own line for ``obj.method(...)`` (a chain split over lines),
    else the line the call starts on. NOTE: CPython compiles a call on a
    name the module imports (``torch.std(x)``), or with ``*``/``**``
    arguments, as a plain call."""
    func = node.func
    if type(func) is A.Attribute and not (type(func.value) is A.Name and func.value.id in imported) \
            and not any(type(a) is A.Starred for a in node.args) and None not in (k.arg for k in node.keywords):
        return func.span.end_line
    return node.span.line


def imported_names(body) -> frozenset:
    """The names that import statements bind at the top level of a module
    (in its blocks, not in its functions)."""
    names, stack = set(), list(body)
    while stack:
        stmt = stack.pop()
        t = type(stmt)
        if t is A.Import:
            names.update(alias or module.partition(".")[0] for module, alias in stmt.names)
        elif t is A.ImportFrom:
            names.update(alias or name for name, alias in stmt.names)
        elif t in (A.If, A.For, A.While, A.With):
            stack.extend(stmt.body)
            stack.extend(getattr(stmt, "orelse", ()))
    return frozenset(names)


def _namespace_call(parts, args_ev, kwnames, kw_ev, span, invoke, interp, line, arg_name=None, literal=None):
    """``obj.name(args)``, as ``c_Call`` evaluates it, remembering the
    Function that ``torch.name`` gave the last time at this call site.

    NOTE: fast path: a namespace's table never changes, so when ``obj`` is
    the same namespace as last time, the attribute lookup (and its new
    Function object) is skipped. Anything else goes through get_attribute.
    ``arg_name``: the one argument is that variable, read here from the
    scope (its evaluator reports it missing). ``literal``: the first
    argument is a long numeric literal with this value, which
    ``torch.tensor`` takes as it is (``create.Literal``)."""
    value, name, attr_span = parts
    call = R.call
    # the namespace last seen here (none yet: a marker no script value is, not
    # None, which a script's value may be), its Function, its unary op row
    site = [_NO_NAMESPACE, None, None]
    one_arg = len(args_ev) == 1 and not kwnames
    arg0 = args_ev[0] if one_arg else None

    def ev(s):
        try:
            try:
                obj = value(s)
                if obj is site[0]:
                    f = site[1]
                else:
                    f = R.get_attribute(obj, name)
                    if type(obj) is Namespace and type(f) is Function:
                        site[0], site[1] = obj, f
                        site[2] = float_unary_op(f.fn) if one_arg else None
            except GradcliError as e:
                raise e.at(attr_span)
            if f is site[1] and site[2] is not None:
                # NOTE: `torch.tanh(x)` and the like on a floating Tensor
                # go straight to the op, as the function would send it.
                if arg_name is None:
                    x = arg0(s)
                else:
                    try:
                        x = s[arg_name]
                    except KeyError:
                        x = arg0(s)
                interp.line = line
                if type(x) is Tensor:
                    d = x.data
                    if d.dtype.kind == "f":
                        return float_unary(site[2], x, d)
                return call(f, [x], {}, invoke)
            if literal is not None and type(f) is Function and f.fn is _TORCH_TENSOR:
                args = [Literal(literal)] + [a(s) for a in args_ev[1:]]
            else:
                args = [a(s) for a in args_ev]
            kwargs = {n: k(s) for n, k in zip(kwnames, kw_ev)} if kwnames else {}
            interp.line = line
            return call(f, args, kwargs, invoke)
        except (GradcliError, MemoryError, RecursionError) as e:
            raise _call_error(e, span) from None
    return ev


def _call_error(e, span) -> GradcliError:
    """What a failed call raises: its own error placed at the call, or a
    clear limit error for memory and deep lambda recursion."""
    if isinstance(e, GradcliError):
        return e.at(span)
    if isinstance(e, MemoryError):
        return GradcliError("LimitError", "out of memory", span)
    return GradcliError("RecursionError", "maximum recursion depth exceeded", span)


def _ragged_literal(node):
    """PyTorch's message when ``node`` is a ragged nested list of numbers
    (``[[1, 2], [3]]``), which can only be meant as a tensor; else None."""
    level, dim = [node], 0
    while level:
        lists = [n for n in level if type(n) is A.List]
        if not lists:
            return None
        if len(lists) != len(level):
            return None
        n0 = len(lists[0].elts)
        for n in lists:
            if len(n.elts) != n0:
                if not all(_numeric_tree(n) for n in lists):
                    return None
                return f"expected sequence of length {n0} at dim {dim} (got {len(n.elts)})"
        level = [e for n in lists for e in n.elts]
        dim += 1
    return None


def _numeric_tree(node):
    stack = [node]
    while stack:
        n = stack.pop()
        if type(n) is A.List:
            stack.extend(n.elts)
        elif type(n) is A.UnaryOp and n.op in "+-":
            stack.append(n.operand)
        elif not (type(n) is A.Constant and isinstance(n.value, (int, float))):
            return False
    return True


def _slice_int(v):
    if v is None or isinstance(v, int):
        return v
    i = R.python_index(v)
    if i is None:
        raise R.type_error("slice indices must be integers or None or have an __index__ method")
    return i


_MISSING = object()
_DIRECT = frozenset((Tensor, float, int, bool))
def _with_constant(left, name, op, number, span, direct, py):
    """``left <op> number`` for a Python int or float constant: a floating
    Tensor goes straight to ``with_constant``, as ``direct`` would send it; the
    rest takes the general path of ``c_BinOp``. ``name``: ``left`` is that
    variable, read here from the scope (its evaluator reports it missing)."""
    fast, binop = with_constant(op, number), R.binop

    def ev_number(s):
        try:
            if name is None:
                a = left(s)
            else:
                try:
                    a = s[name]
                except KeyError:
                    a = left(s)
            ta = type(a)
            if ta is Tensor:
                d = a.data
                if d.dtype.kind == "f":
                    return fast(a, d)
                return direct(a, number)
            if ta in _PY_NUMBERS:
                return py(a, number) if py is not None else binop(op, a, number)
            return binop(op, a, number)
        except GradcliError as e:
            raise e.at(span)
    return ev_number


_PY_NUMBERS = frozenset((int, float))
_PY_FAST = {"+": operator.add, "-": operator.sub, "*": operator.mul}
_OBSERVED = (A.BinOp, A.UnaryOp, A.Call, A.Subscript, A.Attribute)


class _Rules(dict):
    """Node type → its ``Compiler.c_<type name>`` (looked up once per type)."""
    def __missing__(self, t):
        rule = self[t] = getattr(Compiler, "c_" + t.__name__)
        return rule


_RULES = _Rules()


def _observed(fn, node, observe):
    def ev(s):
        v = fn(s)
        observe(node, v)
        return v
    return ev
