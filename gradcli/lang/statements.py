"""Statements → Python closures, compiled once per cell or function body.

Each statement becomes ``run(scope)`` that returns None to go on, or a
signal for the enclosing block: ``BREAK``, ``CONTINUE`` or a ``Return``.
A block runs its statements in order, counts each against the step budget,
records the current line (for prints and warnings) and gives an error
without a span its statement's span. Blocks nest at most
``MAX_BLOCK_DEPTH`` deep (a clear error beyond), so running them never
overflows the stack. Assignment targets compile to ``store(scope, value)``.
"""
from __future__ import annotations

from . import ast as A
from . import runtime as R
from .values import GradModeContext, Return, UserFunction
from ..engine.tensor import Tensor
from ..ops.create import NumpyArray
from ..errors import GradcliError, ScriptSyntaxError

MAX_BLOCK_DEPTH = 1000

BREAK = "break"
CONTINUE = "continue"


class StatementCompiler:
    """Compiles statements for one interpreter; expressions go to its Compiler."""

    def __init__(self, interp):
        self.interp = interp
        self.qualname_prefix = ""       # "outer.<locals>." while compiling outer's body

    def expr(self, node):
        return self.interp.compiler.compile(node)

    # ***** blocks *****
    def block(self, body, depth=0, display_last=False, in_function=False, in_loop=False):
        return make_block(self.interp, self.block_items(body, depth, display_last, in_function, in_loop))

    def block_items(self, body, depth=0, display_last=False, in_function=False, in_loop=False):
        """(run, span, line) per statement of ``body``, for ``make_block``."""
        if depth > MAX_BLOCK_DEPTH:
            raise ScriptSyntaxError(f"blocks nested too deeply (over {MAX_BLOCK_DEPTH} levels)",
                                    body[0].span if body else None, "move the inner blocks into a function")
        ctx = (depth, in_function, in_loop)
        items = []
        for i, stmt in enumerate(body):
            if display_last and i == len(body) - 1 and type(stmt) is A.Expr:
                fn = self.display(stmt)
            else:
                fn = getattr(self, "s_" + type(stmt).__name__)(stmt, ctx)
            items.append((fn, stmt.span, stmt.span.line))
        return tuple(items)

    def display(self, stmt):
        value, interp = self.expr(stmt.value), self.interp
        source = interp.text(stmt.value.span)
        line = stmt.span.line

        def run(s):
            v = value(s)
            if v is not None:
                from .interp import Event
                interp.emit(Event("display", line, (v,), (source,)))
        return run

    # ***** simple statements *****
    def s_Expr(self, stmt, ctx):
        value = self.expr(stmt.value)

        def run(s):
            value(s)
        return run

    def s_Assign(self, stmt, ctx):
        value = self.expr(stmt.value)
        stores = tuple(self.store(t) for t in stmt.targets)
        if len(stores) == 1:
            store = stores[0]
            if type(stmt.targets[0]) is A.Name:
                name = stmt.targets[0].id

                def run_name(s):
                    s[name] = value(s)
                return run_name

            def run_one(s):
                store(s, value(s))
            return run_one

        def run(s):
            v = value(s)
            for st in stores:
                st(s, v)
        return run

    def s_AugAssign(self, stmt, ctx):
        target, op, span = stmt.target, stmt.op, stmt.target.span
        rhs = self.expr(stmt.value)
        if type(target) is A.Subscript:
            obj_ev, key_ev = self.expr(target.value), self.key(target)

            def run_item(s):
                obj = obj_ev(s)
                key = key_ev(s)
                try:
                    cur = R.subscript(obj, R.index_key(key) if type(obj) is Tensor else key)
                    value = rhs(s)
                    if type(cur) is Tensor and not isinstance(value, NumpyArray):
                        # NOTE: Python's `obj[key] += v` is `obj[key].__iadd__(v)`, in place (on a
                        # view of obj for basic indexing), then written back with `obj[key] = ...`.
                        from ..ops import autograd_calls as grad_api
                        new = grad_api.inplace(cur, lambda v: R.inplace_binop(op, v, value))
                    else:
                        new = R.binop(op, cur, value)
                except GradcliError as e:
                    raise e.at(span)
                R.set_item(obj, key, new, span)
            return run_item
        cur_ev, store = self.expr(target), self.store(target)
        from ..ops.autograd_calls import inplace

        def run(s):
            cur = cur_ev(s)
            value = rhs(s)
            try:
                # NOTE: `x += y` on a tensor is in place, as in PyTorch; but the
                # tensor refuses a numpy array y, so x becomes numpy's `x + y`.
                if type(cur) is Tensor and not isinstance(value, NumpyArray):
                    inplace(cur, lambda v: R.inplace_binop(op, v, value))
                    return
                if type(cur) is list and op == "+":
                    cur.extend(R.iterate(value))    # NOTE: list += iterable extends in place
                    return
                if op == "+" and isinstance(cur, R.ModuleList):
                    cur.extend(value)               # NOTE: ModuleList.__iadd__ is extend, in place
                    return
                new = R.binop(op, cur, value)
            except GradcliError as e:
                raise e.at(stmt.span)
            store(s, new)
        return run

    def s_Pass(self, stmt, ctx):
        return _nothing

    def s_Break(self, stmt, ctx):
        if not ctx[2]:
            raise ScriptSyntaxError("'break' outside loop", stmt.span)
        return _break

    def s_Continue(self, stmt, ctx):
        if not ctx[2]:
            raise ScriptSyntaxError("'continue' not properly in loop", stmt.span)
        return _continue

    def s_Return(self, stmt, ctx):
        if not ctx[1]:
            raise ScriptSyntaxError("'return' outside function", stmt.span)
        if stmt.value is None:
            return _return_none
        value = self.expr(stmt.value)
        return lambda s: Return(value(s))

    def s_Delete(self, stmt, ctx):
        deletes = tuple(self.delete(t) for t in stmt.targets)

        def run(s):
            for d in deletes:
                d(s)
        return run

    def s_Assert(self, stmt, ctx):
        interp = self.interp
        test = stmt.test
        msg = self.expr(stmt.msg) if stmt.msg is not None else None
        source = interp.text(test.span)
        pair = None
        if type(test) is A.Compare and len(test.ops) == 1:
            pair = (self.expr(test.left), self.expr(test.comparators[0]), test.ops[0])
            test_ev = None
        else:
            test_ev = self.expr(test)
        line, tspan = stmt.span.line, test.span

        def run(s):
            from .interp import Event
            operands = None
            if pair is not None:
                operands = (pair[0](s), pair[1](s))
                try:
                    value = R.compare(pair[2], *operands)
                except GradcliError as e:
                    raise e.at(tspan)
            else:
                value = test_ev(s)
            ok = R.truth(value)
            interp.emit(Event("assert", line, (value,), (source,), extra={
                "passed": ok, "compared": (operands[0], pair[2], operands[1]) if operands is not None else None}))
            if not ok:
                from ..render.pytext import to_repr, to_str
                m = msg(s) if msg is not None else None
                if m is not None:
                    text = to_str(m)
                else:
                    text = f"assert {source}"
                    if operands is not None:
                        shown = " ".join(to_repr(operands[0]).split()), " ".join(to_repr(operands[1]).split())
                        text += f" ({shown[0]} {pair[2]} {shown[1]})"
                raise GradcliError("AssertionError", text, tspan)
        return run

    def s_Import(self, stmt, ctx):
        interp = self.interp
        names, span = stmt.names, stmt.span

        def run(s):
            for name, alias in names:
                interp.do_import(s, name, alias, span)
        return run

    def s_ImportFrom(self, stmt, ctx):
        interp = self.interp
        return lambda s: interp.do_import_from(s, stmt)

    # ***** compound statements *****
    def s_If(self, stmt, ctx):
        depth, in_fn, in_loop = ctx
        # an elif chain is compiled as a flat list of (test, block), never nested
        branches, node = [], stmt
        while True:
            branches.append((self.expr(node.test), self.block(node.body, depth + 1, False, in_fn, in_loop)))
            if len(node.orelse) == 1 and type(node.orelse[0]) is A.If:
                node = node.orelse[0]
                continue
            break
        orelse = self.block(node.orelse, depth + 1, False, in_fn, in_loop) if node.orelse else None
        truth = R.truth
        if len(branches) == 1:
            (test, body), = branches

            def run1(s):
                if truth(test(s)):
                    return body(s)
                if orelse is not None:
                    return orelse(s)
            return run1

        def run(s):
            for test, body in branches:
                if truth(test(s)):
                    return body(s)
            if orelse is not None:
                return orelse(s)
        return run

    def s_While(self, stmt, ctx):
        depth, in_fn, _ = ctx
        test = self.expr(stmt.test)
        body = self.block(stmt.body, depth + 1, False, in_fn, True)
        orelse = self.block(stmt.orelse, depth + 1, False, in_fn, False) if stmt.orelse else None
        truth, interp = R.truth, self.interp

        def run(s):
            while truth(test(s)):
                interp.steps += 1        # checked by the body's statements
                r = body(s)
                if r is not None and r is not CONTINUE:
                    return None if r is BREAK else r
            return orelse(s) if orelse is not None else None
        return run

    def s_For(self, stmt, ctx):
        depth, in_fn, _ = ctx
        it_ev = self.expr(stmt.iter)
        target = stmt.target
        store = self.store(target)
        name = target.id if type(target) is A.Name else None
        items = self.block_items(stmt.body, depth + 1, False, in_fn, True)
        body = make_block(self.interp, items)
        orelse = self.block(stmt.orelse, depth + 1, False, in_fn, False) if stmt.orelse else None
        interp, iterate, it_span = self.interp, R.iterate, stmt.iter.span
        if name is not None and len(items) == 1:
            return _for_one_statement(interp, it_ev, it_span, name, items[0], orelse)

        def run(s):
            try:
                items = iterate(it_ev(s))
            except GradcliError as e:
                raise e.at(it_span)
            for v in items:
                interp.steps += 1        # checked by the body's statements
                if name is not None:
                    s[name] = v
                else:
                    store(s, v)
                r = body(s)
                if r is not None and r is not CONTINUE:
                    return None if r is BREAK else r
            return orelse(s) if orelse is not None else None
        return run

    def s_With(self, stmt, ctx):
        depth, in_fn, in_loop = ctx
        items = tuple((self.expr(e), e.span, alias) for e, alias in stmt.items)
        body = self.block(stmt.body, depth + 1, False, in_fn, in_loop)

        def run(s):
            entered = []
            try:
                for ev, span, alias in items:
                    c = ev(s)
                    if not isinstance(c, GradModeContext):
                        raise R.type_error(f"'{R.type_name(c)}' object does not support the context manager "
                                           "protocol").at(span)
                    c.enter()
                    entered.append(c)
                    if alias:
                        s[alias] = None
                return body(s)
            finally:
                for c in reversed(entered):
                    c.exit()
        return run

    def s_FunctionDef(self, stmt, ctx):
        depth, _, _ = ctx
        params, name, span = stmt.params, stmt.name, stmt.span
        prefix = self.qualname_prefix
        qualname = prefix + name
        self.qualname_prefix = qualname + ".<locals>."
        try:
            body = self.block(stmt.body, depth + 1, False, True, False)
        finally:
            self.qualname_prefix = prefix
        default_names = tuple(n for n, d in params.positional + params.kwonly if d is not None)
        defaults = tuple(self.expr(d) for d in params.defaults())
        decorators = tuple((self.expr(d), d.span) for d in stmt.decorators)
        interp = self.interp

        def run(s):
            decs = [(d(s), dspan) for d, dspan in decorators]
            fn = UserFunction(name, params, {n: d(s) for n, d in zip(default_names, defaults)},
                              body, s, False, span, qualname)
            for dec, dspan in reversed(decs):
                try:
                    fn = R.call(dec, [fn], {}, interp.invoke_function)
                except GradcliError as e:
                    raise e.at(dspan)
            s[name] = fn
        return run

    # ***** targets *****
    def key(self, target):
        items = tuple(self.expr(i) for i in target.index)
        if target.is_tuple:
            return lambda s: tuple([i(s) for i in items])
        item = items[0]
        return item

    def store(self, target):
        return target_store(target, self.expr, self.key)

    def delete(self, target):
        span = target.span
        if type(target) is A.Name:
            name = target.id

            def run_name(s):
                if name not in s:
                    raise R.name_error(name).at(span)
                del s[name]
            return run_name
        if type(target) is A.Subscript:
            obj_ev, key_ev = self.expr(target.value), self.key(target)

            def run_item(s):
                try:
                    R.del_item(obj_ev(s), key_ev(s))
                except GradcliError as e:
                    raise e.at(span)
            return run_item
        raise ScriptSyntaxError("cannot delete attribute", span)


def target_store(target, compile_expr, compile_key=None):
    """``store(scope, value)`` for an assignment target (names, tuples and
    lists of targets, subscripts, attributes); nested tuples are compiled
    with an explicit stack and unpacked level by level."""
    t = type(target)
    span = target.span
    if t is A.Name:
        name = target.id

        def store_name(s, v):
            s[name] = v
        return store_name
    if t in (A.Tuple, A.List):
        subs = tuple(target_store(e.value if type(e) is A.Starred else e, compile_expr, compile_key)
                     for e in target.elts)
        n = len(subs)
        star = next((i for i, e in enumerate(target.elts) if type(e) is A.Starred), None)
        if star is not None:
            def store_starred(s, v):
                values = R.unpack_starred(v, star, n, span)
                for sub, item in zip(subs, values):
                    sub(s, item)
            return store_starred

        def store_tuple(s, v):
            values = R.unpack(v, n, span)
            for sub, item in zip(subs, values):
                sub(s, item)
        return store_tuple
    if t is A.Subscript:
        obj_ev = compile_expr(target.value)
        key_ev = compile_key(target) if compile_key is not None else _key_of(target, compile_expr)

        def store_item(s, v):
            R.set_item(obj_ev(s), key_ev(s), v, span)
        return store_item
    if t is A.Attribute:
        obj_ev, attr = compile_expr(target.value), target.attr

        def store_attr(s, v):
            try:
                R.set_attribute(obj_ev(s), attr, v)
            except GradcliError as e:
                raise e.at(span)
        return store_attr
    raise ScriptSyntaxError("cannot assign to expression", span)


def _key_of(target, compile_expr):
    items = tuple(compile_expr(i) for i in target.index)
    if target.is_tuple:
        return lambda s: tuple([i(s) for i in items])
    return items[0]


def _for_one_statement(interp, it_ev, it_span, name, item, orelse):
    """``for name in ...:`` over a body of one statement: what ``s_For``'s
    loop and ``make_block``'s block1 do, in one function (the commonest
    loop; its statement runs without a call to a block)."""
    fn1, span1, line1 = item
    limit, iterate = interp.max_steps, R.iterate

    def run(s):
        try:
            items = iterate(it_ev(s))
        except GradcliError as e:
            raise e.at(it_span)
        for v in items:
            s[name] = v
            interp.line = line1
            interp.steps += 2            # the iteration and its statement
            if interp.steps > limit:
                interp.out_of_steps(span1)
            try:
                r = fn1(s)
            except GradcliError as e:
                raise e.at(span1)
            except MemoryError:
                raise out_of_memory(span1) from None
            if r is not None and r is not CONTINUE:
                return None if r is BREAK else r
        return orelse(s) if orelse is not None else None
    return run


def out_of_memory(span):
    return GradcliError("LimitError", "out of memory: the tensors are too large", span)


def make_block(interp, items):
    """Run ``items`` ((run, span, line) per statement) in order."""
    if not items:
        return _nothing
    limit = interp.max_steps
    if len(items) == 1:
        # NOTE: the body of many loops: one statement, run without the loop below
        (fn1, span1, line1), = items

        def block1(s):
            interp.line = line1
            interp.steps += 1
            if interp.steps > limit:
                interp.out_of_steps(span1)
            try:
                return fn1(s)
            except GradcliError as e:
                raise e.at(span1)
            except MemoryError:
                raise out_of_memory(span1) from None
        return block1

    def block(s):
        for fn, span, line in items:
            interp.line = line
            interp.steps += 1
            if interp.steps > limit:
                interp.out_of_steps(span)
            try:
                r = fn(s)
            except GradcliError as e:
                raise e.at(span)
            except MemoryError:
                raise out_of_memory(span) from None
            if r is not None:
                return r
        return None
    return block


def _nothing(s):
    return None


def _break(s):
    return BREAK


def _continue(s):
    return CONTINUE


def _return_none(s):
    return Return(None)
