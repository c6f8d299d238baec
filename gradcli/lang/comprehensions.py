"""List, set and dict comprehensions and generator expressions.

A comprehension runs in its own scope (its loop names do not leak, as in
Python 3). Its ``for`` clauses are walked with an explicit stack of
iterators, not nested Python calls; every item counts against the step
budget. The first iterable is evaluated where the comprehension stands,
the rest (and the conditions and element) in its own scope.
"""
from __future__ import annotations

from . import runtime as R
from ..errors import GradcliError


def compile_comprehension(interp, node, kids):
    from .evaluate import new_scope
    from .statements import target_store
    gens, pos = [], 0
    for g in node.generators:
        it = kids[pos]
        ifs = tuple(kids[pos + 1:pos + 1 + len(g.ifs)])
        pos += 1 + len(g.ifs)
        gens.append((target_store(g.target, interp.compiler.compile), it, ifs))
    key = kids[pos] if node.key is not None else None
    elt = kids[-1]
    span, kind = node.span, node.kind
    truth, iterate, count = R.truth, R.iterate, interp.count_step
    last = len(gens) - 1
    first_store, first_iter, first_ifs = gens[0]

    def scopes(s, first):
        """Each binding of the loop names, as the scope to evaluate in."""
        scope = new_scope(s, {})
        iters = [first]
        while iters:
            level = len(iters) - 1
            try:
                v = next(iters[level])
            except StopIteration:
                iters.pop()
                continue
            count(span)
            store, _, ifs = gens[level]
            store(scope, v)
            if ifs and not all(truth(f(scope)) for f in ifs):
                continue
            if level == last:
                yield scope
            else:
                iters.append(iterate(gens[level + 1][1](scope)))

    def first_items(s):
        try:
            return iterate(first_iter(s))
        except GradcliError as e:
            raise e.at(span)

    if kind == "gen":
        def ev_gen(s):
            first = first_items(s)
            return (elt(sc) for sc in scopes(s, first))
        return ev_gen
    if kind == "list":
        def ev_list(s):
            try:
                return [elt(sc) for sc in scopes(s, first_items(s))]
            except GradcliError as e:
                raise e.at(span)
        return ev_list
    if kind == "set":
        def ev_set(s):
            out = set()
            try:
                for sc in scopes(s, first_items(s)):
                    v = elt(sc)
                    try:
                        out.add(v)
                    except TypeError:
                        raise R.type_error(f"unhashable type: '{R.type_name(v)}'") from None
            except GradcliError as e:
                raise e.at(span)
            return out
        return ev_set

    def ev_dict(s):
        out = {}
        try:
            for sc in scopes(s, first_items(s)):
                R.set_key(out, key(sc), elt(sc))
        except GradcliError as e:
            raise e.at(span)
        return out
    return ev_dict
