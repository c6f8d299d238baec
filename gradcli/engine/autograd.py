"""The autograd graph and the backward pass, with PyTorch's semantics.

``record`` runs an op's forward and, when grad mode is on and an input needs
a gradient, attaches a ``Node`` that remembers the op, its inputs and their
versions. ``run_backward`` walks the graph without recursion: it counts each
node's dependencies, then processes ready nodes highest sequence number first
(PyTorch's order), applying each op's gradient rules.

The rules read their inputs through a math namespace ``m``: the plain one
(numpy arrays, fast), or the differentiable one when ``create_graph=True``
(the same rules over Tensors, so gradients are themselves differentiable).
The ops layer hands both in with ``use_math``: the engine imports nothing
from the ops.
"""
from __future__ import annotations

import itertools
import sys
import weakref

import numpy as np

from . import dtypes as D
from .context import CONTEXT
from .ready_queue import ReadyQueue
from .tensor import Tensor, Version, dense
from .views import current_grad_fn, forward_name, mark_view, refresh
from ..errors import runtime_error


class _GradMode:
    __slots__ = ("enabled",)

    def __init__(self):
        self.enabled = True


GRAD_MODE = _GradMode()


class _Math:
    __slots__ = ("plain", "graph")

    def __init__(self):
        self.plain = self.graph = None


MATH = _Math()


def use_math(plain, graph):
    """Set the math namespaces of the rules: ``plain`` over numpy arrays,
    ``graph`` over Tensors (for create_graph). It offers ``add`` and
    ``to_dtype(tensor, dtype)`` for the engine's own use as well."""
    MATH.plain, MATH.graph = plain, graph
_SEQ = itertools.count()
RELEASE_MIN = 1 << 16     # elements: smaller arrays are not worth releasing (_release)


# NOTE: whether any tensor was reshaped in place (x.t_(), x.unsqueeze_());
# until then the backward pass skips looking for one (note_reshape).
RESHAPED = [False]

_NO_ATTRS: dict = {}                # shared by every node without attrs: never written to


class Node:
    """A ``grad_fn``: one recorded op application.

    NOTE: every op makes a Node, so the constructor sets only what every
    node has; the fields most nodes leave at their defaults (attrs,
    compute dtype, saved versions, hooks, retain_grad, freed, large) read
    the class defaults until set."""
    __slots__ = ("op", "args", "out", "edges", "seq", "saved", "inline", "__dict__", "__weakref__")
    attrs = _NO_ATTRS
    compute_dtype = None
    retained = None                     # weakref to the output, for retain_grad
    hooks = None                        # tensor hooks of the output
    large = False                       # holds arrays worth releasing (_release)

    def __init__(self, op, args, attrs, out, compute_dtype, edges, large=False):
        self.op = op
        self.args = args
        self.out = out
        self.edges = edges              # per input: the next node, or None
        self.seq = next(_SEQ)
        self.saved = ()                 # filled in by ``record``; None once freed
        # NOTE: whether run_backward may run this node's rule inline: at most
        # two inputs, the first the only one wanting a gradient (if any), in
        # its compute dtype, no attrs, nothing large to release
        self.inline = (len(args) <= 2 and not attrs and compute_dtype is None and not large
                       and (len(edges) < 2 or edges[1] is None))
        if attrs:
            self.attrs = attrs
        if compute_dtype is not None:
            self.compute_dtype = compute_dtype
        if large:
            self.large = True

    @property
    def name(self) -> str:
        return self.op.grad_fn

    @property
    def freed(self) -> bool:
        """Whether a backward pass freed what this node saved."""
        return self.saved is None

    @property
    def next_functions(self):
        if self.op.grad_fn == "NotImplemented":
            # NOTE: PyTorch's node for an op without a derivative has edges
            # only for the inputs that require grad.
            return tuple((e, 0) for e in self.edges if e is not None)
        # NOTE: an input without a rule is a number or a non-differentiable
        # argument in PyTorch's signature (x ** 2, 1 - x, 2 ** x): it has no
        # edge at all, where a Python number in a Tensor slot (x + 2) has (None, 0)
        rules = self.op.vjps
        return tuple((e, 0) for i, e in enumerate(self.edges) if i >= len(rules) or rules[i] is not None)


def _edges(op, args):
    """Per input, the node its gradient goes to (None when that input needs
    none), as a tuple, and the size of the largest input that needs one (-1: none)."""
    edges, largest = [], -1
    for a, rule in zip(args, op.vjps):
        if rule is not None and type(a) is Tensor and (a.requires_grad or a._view is not None):
            if a._view is None:
                fn = a.grad_fn
                edges.append(fn if fn is not None else accumulator(a))
            else:                   # a view: its history may need regenerating first
                edges.append(view_edge(a))
                if not a.requires_grad:
                    continue
            n = a.data.size
            if n > largest:
                largest = n
        else:
            edges.append(None)
    return tuple(edges), largest


def gradient_edge(t: Tensor):
    """Where the gradient of ``t`` goes: its grad_fn, its AccumulateGrad,
    or None when it needs none."""
    if t._view is not None:
        return view_edge(t)
    if t.grad_fn is not None:
        return t.grad_fn
    return accumulator(t) if t.requires_grad else None


def view_edge(t: Tensor):
    fn = refresh(t)
    if fn is not None or not t.requires_grad:
        return fn
    # NOTE: as in PyTorch, a view made under no_grad of a base that requires
    # grad requires grad itself, yet its gradient goes nowhere.
    return None if t._view.base.requires_grad else accumulator(t)


_SAVE_PLANS: dict = {}


def _save_plan(op, edges):
    """(input indices, whether the output is read): the saved items that the
    gradients of the wanted inputs read, worked out once per op and mask."""
    mask = 0
    for i, e in enumerate(edges):
        if e is not None:
            mask |= 1 << i
    key = (op, mask)
    plan = _SAVE_PLANS.get(key)
    if plan is None:
        needed = set()
        for rule_reads, e in zip(op.reads, edges):
            if e is not None:
                needed.update(rule_reads)
        plan = _SAVE_PLANS[key] = (tuple(sorted(i for i in needed if i != "out")), "out" in needed)
    return plan


def _saved_versions(op, args, edges, out_tensor):
    """(version counter, its value at save time, tensor) of each saved input
    the wanted gradients read; the tensor is None for the node's output."""
    indices, reads_out = _save_plan(op, edges)
    saved = _input_versions(args, indices)
    if reads_out:
        counter = out_tensor._version
        saved.append((counter, counter.value, None))
    return saved


def _input_versions(args, indices) -> list:
    """(version counter, its value now, tensor) of each tensor among
    ``args[i]`` for ``i`` in ``indices``."""
    saved = []
    for i in indices:
        a = args[i]
        if type(a) is Tensor:
            counter = a._version
            saved.append((counter, counter.value, a))
    return saved


def note_reshape(t: Tensor):
    """Remember ``t`` as it is before an in-place change of its shape
    (``t_``, ``unsqueeze_``, ``squeeze_``, ``transpose_``).

    NOTE: PyTorch's nodes keep the sizes of the inputs they need (a sum's
    ``self_sym_sizes``); here nodes hold their input tensors, and a rule
    reads the shape when it runs. So a node recorded before the change runs
    on ``t`` as it was then (``as_recorded``): same memory, old shape."""
    if not t.requires_grad:
        return              # no node reads it for a gradient
    history = t._reshaped
    if history is None:
        history = t._reshaped = []
    history.append((next(_SEQ), t.data, t.grad_fn))
    RESHAPED[0] = True


def as_recorded(fn: Node):
    """Give ``fn`` its inputs as they were when it was recorded, where one
    was reshaped in place since (see ``note_reshape``)."""
    args = None
    for i, a in enumerate(fn.args):
        if type(a) is not Tensor or a._reshaped is None:
            continue
        for seq, data, grad_fn in a._reshaped:
            if seq > fn.seq:
                if args is None:
                    args = list(fn.args)
                args[i] = Tensor(data, a.requires_grad, grad_fn, a._version)
                break
    if args is not None:
        fn.args = tuple(args)


def shape_checked(fn: Node, i: int, g, m):
    """The gradient ``g`` that ``fn`` sends to its ``i``-th input, checked
    against the shape that input's node gave its output, as PyTorch's engine
    checks every gradient (``validate_outputs``): summed down to it where it
    broadcasts, else PyTorch's error. Only an in-place reshape under no_grad
    can make them differ, so the pass checks only after one (``note_reshape``)."""
    nxt = fn.edges[i] if i < len(fn.edges) else None
    if g is None or type(nxt) is not Node or type(nxt.out) is not np.ndarray or g.shape == nxt.out.shape:
        return g
    want = nxt.out.shape
    lead = len(g.shape) - len(want)
    if lead < 0 or any(w != 1 and w != s for w, s in zip(want, g.shape[lead:])):
        raise runtime_error(f"Function {fn.name} returned an invalid gradient at index {i} - got "
                            f"{list(g.shape)} but expected shape compatible with {list(want)}")
    return m.fit(g, Tensor(nxt.out))


def saved_plan(node) -> tuple:
    """(input indices, whether the output is read) that ``node`` saved."""
    return _save_plan(node.op, node.edges)


def freed_error():
    return runtime_error(
        "Trying to backward through the graph a second time (or directly access saved tensors "
        "after they have already been freed). Saved intermediate values of the graph are freed "
        "when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to "
        "backward through the graph a second time or if you need to access saved tensors after "
        "calling backward.")


class AccumulateGrad:
    """The sink of a leaf tensor's gradients."""
    __slots__ = ("variable", "seq", "__weakref__")
    name = "AccumulateGrad"
    edges = ()                          # a sink: no next nodes
    inline = False

    def __init__(self, variable: Tensor):
        self.variable = variable
        self.seq = 1 << 62            # PyTorch's UINT64_MAX: ready leaves run first

    @property
    def next_functions(self):
        return ()


def accumulator(t: Tensor) -> AccumulateGrad:
    acc = t._accumulator
    if acc is None:
        acc = AccumulateGrad(t)
        # NOTE: the leaf refers to its accumulator weakly, as in PyTorch: a
        # strong link back would make a cycle, and leave every leaf (and its
        # .grad) to the cycle collector. The graph's nodes hold it strongly.
        t._acc_ref = weakref.ref(acc)
    return acc


# ***** forward: recording *****

def record(op, args, attrs, out, compute_dtype=None, view_of=None, output_nr=None) -> Tensor:
    """Wrap ``out`` (the forward result of ``op`` on ``args``) as a Tensor,
    with a grad_fn when grad mode is on and a differentiable input needs it.
    ``view_of``: ``out`` is a view of that tensor (``output_nr``: one of
    several views the op returns)."""
    if type(out) is not np.ndarray:
        out = np.asarray(out)
    version = view_of._version if view_of is not None else None
    if GRAD_MODE.enabled and out.dtype.kind == "f":
        edges, largest = _edges(op, args)
        if largest >= 0:
            large = largest >= RELEASE_MIN or out.size >= RELEASE_MIN
            node = Node(op, args, attrs, out, compute_dtype, edges, large)
            if CONTEXT.snapshots is not None:          # `gradcli check`: keep the inputs
                from .fdcheck import snapshot
                CONTEXT.snapshots[node] = snapshot(args)
            t = Tensor(out, True, node, version)
            if op.saves:
                node.saved = _saved_versions(op, args, edges, t)
            if large:                   # keep only what the rules read, as PyTorch does
                _release(node, keep_saved=True)
            if view_of is not None:
                mark_view(t, view_of, True, output_nr)
            return t
    t = Tensor(out, False, None, version)
    if view_of is not None:
        mark_view(t, view_of, GRAD_MODE.enabled, output_nr)
    return t


_ONE_INPUT_PLANS: dict = {}
_new = object.__new__


def record_one(op, args, out) -> Tensor:
    """``record`` for the commonest case, made lean: an elementwise op whose
    ``args[0]`` is a float Tensor, the other argument (if any) a Python
    number, no attrs, and ``out`` a float array in ``args[0]``'s dtype and shape. The
    same node, saved versions and Tensor as ``record`` makes."""
    a = args[0]
    if not (GRAD_MODE.enabled and a.requires_grad):
        if a._view is None or not GRAD_MODE.enabled:
            return Tensor(out, False, None)
        return record(op, args, {}, out)      # a view may require grad once its history is regenerated
    if a._view is not None or out.size >= RELEASE_MIN or CONTEXT.snapshots is not None:
        return record(op, args, {}, out)
    plan = _ONE_INPUT_PLANS.get(op)
    if plan is None:
        if op.vjps[0] is None:
            return record(op, args, {}, out)
        edges = [True] + [None] * (min(len(args), len(op.vjps)) - 1)
        indices, reads_out = _save_plan(op, edges) if op.saves else ((), False)
        plan = _ONE_INPUT_PLANS[op] = (0 in indices, reads_out, len(edges) == 2)
    fn = a.grad_fn
    if fn is None:
        fn = accumulator(a)
    # NOTE: the Node and the Tensor are filled in field by field, as their
    # constructors would (a constructor call costs more than the op here);
    # tests/test_engine_paths.py checks that they match record's.
    node = _new(Node)
    node.op, node.args, node.out, node.saved = op, args, out, ()
    node.edges = (fn, None) if plan[2] else (fn,)
    node.seq = next(_SEQ)
    node.inline = True
    t = _new(Tensor)
    t.data, t.requires_grad, t.grad_fn, t._vc = out, True, node, None
    reads_a, reads_out, _ = plan
    if reads_a or reads_out:
        saved = []
        if reads_a:
            counter = a._version
            saved.append((counter, counter.value, a))
        if reads_out:
            counter = t._vc = Version()
            saved.append((counter, 0, None))
        node.saved = saved
    return t


# ***** backward *****

def passes_grad(m, g, out, *inputs, **attrs):
    """The rule of an input whose gradient is the incoming one as it is
    (``a + b`` for ``a``); run_backward passes ``g`` on without a call."""
    return g


def _modified_error(node: Node, t, now, v):
    """A saved tensor ``t`` (None: the node's output) changed in place."""
    if t is None:
        producer, shape, dt = node.name, node.out.shape, D.of_array(node.out)
    else:
        fn = current_grad_fn(t)         # NOTE: a stale view's regenerated first, as PyTorch unpacks it
        producer = fn.name if fn is not None else None
        shape, dt = t.shape, t.dtype
    # NOTE: PyTorch names the producer without "Backward": "output 0 of Sigmoid", "of Pow2",
    # a hand-written node by its C++ name: "of torch::autograd::CopySlices".
    where = f", which is output 0 of {forward_name(producer)}," if producer else ""
    dims = ", ".join(str(s) for s in shape)
    return runtime_error(
        "one of the variables needed for gradient computation has been modified by an "
        f"inplace operation: [torch.{dt.torch_type} [{dims}]]{where} is at version "
        f"{now}; expected version {v} instead. Hint: enable anomaly detection "
        "to find the operation that failed to compute its gradient, with "
        "torch.autograd.set_detect_anomaly(True, check_nan=False).")


def _collect(roots):
    """Dependency counts of every node reachable from ``roots`` (iterative),
    keyed by the node itself (nodes hash by identity)."""
    deps, stack, seen_roots = {}, [], set()
    for r in roots:
        if r is not None and r not in seen_roots:      # a root given twice is walked once
            seen_roots.add(r)
            stack.append(r)
    get, push, pop = deps.get, stack.append, stack.pop
    while stack:
        fn = pop()
        while fn is not None:
            # NOTE: the first new node found is walked next without a push
            # and a pop: a chain of single parents never touches the stack.
            if fn.inline:
                # NOTE: one next node (Node.inline), the commonest case
                nxt = fn.edges[0]
                c = get(nxt)
                if c is not None:
                    deps[nxt] = c + 1
                    break
                deps[nxt] = 1
                if nxt in seen_roots:
                    break
                fn = nxt
                continue
            follow = None
            for nxt in fn.edges:
                if nxt is None:
                    continue
                c = get(nxt)
                if c is None:       # first seen (roots are on the stack already)
                    deps[nxt] = 1
                    if nxt not in seen_roots:
                        if follow is None:
                            follow = nxt
                        else:
                            push(nxt)
                else:
                    deps[nxt] = c + 1
            fn = follow
    return deps


def _needed(roots, targets, run_targets):
    """The ids of the nodes a pass that stops at ``targets`` (ids) runs: those
    with a path to a target below them — and the targets themselves when
    ``run_targets`` (backward's inputs=; autograd.grad only reads the
    gradient reaching them). PyTorch's exec_info. Children come before
    parents in order of sequence numbers (AccumulateGrad has no children)."""
    nodes, seen, stack = [], set(), [r for r in roots if r is not None]
    while stack:
        fn = stack.pop()
        if id(fn) in seen:
            continue
        seen.add(id(fn))
        nodes.append(fn)
        if type(fn) is not AccumulateGrad:
            stack.extend(e for e in fn.edges if e is not None and id(e) not in seen)
    nodes.sort(key=lambda fn: -1 if type(fn) is AccumulateGrad else fn.seq)
    needed = set()
    for fn in nodes:
        k = id(fn)
        if k in targets:
            if run_targets:
                needed.add(k)
                continue
        if type(fn) is not AccumulateGrad and any(
                e is not None and (id(e) in needed or id(e) in targets) for e in fn.edges):
            needed.add(k)
    return needed


def run_backward(roots, grads, retain_graph=False, create_graph=False, capture=None,
                 accumulate=True, targets=None, tracer=None):
    """Backpropagate ``grads`` (arrays, or Tensors under create_graph) from the
    ``roots`` (grad_fn nodes or AccumulateGrad). ``capture`` maps id(node) →
    slot for autograd.grad, and the pass stops there; ``targets`` (ids of
    nodes: backward's inputs=) limits the pass to what reaches them."""
    m = MATH.graph if create_graph else MATH.plain
    apply = _apply_rules_tensor if create_graph else _apply_rules
    plain = not create_graph
    lend = not (retain_graph or create_graph) and tracer is None    # see _spare_input
    deps = _collect(roots)
    needed = wanted = None
    if capture is not None:
        needed = _needed(roots, capture, False)
        wanted = needed | set(capture)
    elif targets is not None:
        needed = wanted = _needed(roots, targets, True)
    direct = plain and tracer is None and wanted is None    # an inline rule's gradient goes straight on
    reshaped = RESHAPED[0]
    # NOTE: in a pass with no tracer, no inputs= or autograd.grad limits
    # and no hook on a node, an inline node without hooks needs none of the
    # steps before its rule. A hook is the user's code and may register a
    # node's hook: ``lean`` is looked at again after one runs.
    lean = direct and not NODE_HOOKS.used
    # NOTE: the gradient buffers and dependency counts are keyed by the
    # nodes themselves; ``capture``, ``targets`` and ``needed`` hold ids.
    buffers, ready = {}, ReadyQueue()
    owned = set()       # nodes whose buffer this pass allocated (see _add_into)
    # NOTE: as PyTorch's GraphRoot does, a root is ready when its last
    # occurrence among the roots has been added (roots may repeat).
    last = {}
    for i, r in enumerate(roots):
        last[r] = i
    for i, (r, g) in enumerate(zip(roots, grads)):
        if wanted is not None and id(r) not in wanted:
            continue
        if r in buffers:
            _add_into(buffers, owned, r, g, m)
        else:
            buffers[r] = g
        if last[r] == i and deps.get(r, 0) == 0:
            ready.push(r)
    captured = {} if capture is not None else None
    prev_mode = GRAD_MODE.enabled
    GRAD_MODE.enabled = create_graph
    heap, push, pop, pending = ready.heap, ready.push, ready.pop, None
    try:
        while True:
            # NOTE: a node that became ready alone while the queue is empty
            # is run next without a push and a pop (which would leave the
            # empty queue as it was): long chains of single parents never
            # touch the queue.
            if pending is not None:
                fn = pending
                pending = None
            elif heap:
                fn = pop()
            else:
                break
            g = buffers.pop(fn)
            if fn.inline and lean and fn.hooks is None and fn.retained is None:
                node_hooks = None       # the commonest node: straight to its rule
            else:
                if type(fn) is AccumulateGrad:
                    v = fn.variable
                    hooks = v._hooks
                    g = _run_hooks(hooks, g, m)
                    lean = lean and not NODE_HOOKS.used
                    node_hooks = NODE_HOOKS.table.get(fn) if NODE_HOOKS.used else None
                    if node_hooks is not None:
                        g = _run_node_prehooks(node_hooks[0], g, m)
                        hooks = hooks or node_hooks[0]
                    k = id(fn)
                    if capture is not None and k in capture:
                        captured[capture[k]] = g
                    elif accumulate:
                        # NOTE: decided before the call: while its arguments are
                        # being evaluated, the one already pushed is one more
                        # reference to g (and _unshared counts them)
                        own = not hooks and (fn in owned or _unshared(g))
                        _accumulate(v, g, create_graph, own)
                    if node_hooks is not None:
                        _run_node_posthooks(node_hooks[1], [], g, m, 0)
                    if tracer is not None:
                        tracer(fn, g, ())
                    continue
                if fn.hooks:
                    g = _run_hooks(fn.hooks, g, m)
                    lean = lean and not NODE_HOOKS.used
                if fn.retained is not None:
                    # NOTE: as in PyTorch, retain_grad fills .grad in autograd.grad too
                    t = fn.retained()
                    if t is not None:
                        _accumulate(t, g, create_graph, retained=True)
                node_hooks = NODE_HOOKS.table.get(fn) if NODE_HOOKS.used else None
                if node_hooks is not None and node_hooks[0]:
                    g = _run_node_prehooks(node_hooks[0], g, m)
                if needed is not None:
                    k = id(fn)
                    if capture is not None and k in capture:
                        captured[capture[k]] = g
                    if k not in needed:
                        continue            # captured only: neither run nor freed
            saved = fn.saved
            if saved:
                for counter, v, held in saved:      # changed in place since it was saved?
                    if counter.value != v:
                        raise _modified_error(fn, held, counter.value, v)
                counter = held = None               # (a large input is freed as soon as the pass is done with it)
            elif saved is None:
                raise freed_error()
            if reshaped:
                as_recorded(fn)
            if fn.inline and plain:
                # NOTE: _apply_rules for the commonest node, inline: one input
                # wanting a gradient, in its compute dtype, no attrs
                args = fn.args
                a = args[0]
                d = a.data          # the input wanting a gradient: a Tensor
                rule = fn.op.vjps[0]
                if rule is passes_grad:
                    ig = g
                elif len(args) == 1:
                    ig = rule(m, g, fn.out, d)
                else:
                    b = args[1]
                    ig = rule(m, g, fn.out, d, b.data if type(b) is Tensor else b)
                if ig.shape != d.shape or (ig.dtype is not d.dtype and ig.dtype != d.dtype):
                    ig = m.fit(ig, a)
                # NOTE: a, d and ig stay bound until the next such node:
                # small arrays, which the checks that count references
                # (_spare_input, _doubling_in_place) never look at
                in_grads = None if direct and node_hooks is None else (ig,)
                large = False
            else:
                large = fn.large
                if large and lend and node_hooks is None:
                    m.spare = spare = _spare_input(fn, g)
                    m.last = g if spare is not g and _free_gradient(g) else None
                    in_grads = apply(fn, g, m)
                    m.spare = m.last = spare = g = None     # g may be an input's gradient now (_spare_input)
                else:
                    in_grads = apply(fn, g, m)
            if reshaped:
                if in_grads is None:
                    ig = shape_checked(fn, 0, ig, m)
                else:
                    in_grads = tuple(shape_checked(fn, i, x, m) for i, x in enumerate(in_grads))
            if in_grads is not None:
                if wanted is not None and (tracer is not None or node_hooks is not None):
                    in_grads = _unwanted_as_none(fn.edges, in_grads, wanted)
                if node_hooks is not None and node_hooks[1]:
                    in_grads = _run_node_posthooks(node_hooks[1], in_grads, g, m, len(fn.edges))
                if tracer is not None:
                    tracer(fn, g, in_grads)
                if len(in_grads) == 1 and wanted is None:
                    ig = in_grads[0]
                    in_grads = None
            if not retain_graph and fn.op.saves:
                fn.saved = None         # freed
            if in_grads is None:
                # NOTE: one input's gradient (a tensor with a number, a
                # unary op): the loop below, for that one edge
                nxt = fn.edges[0]
                if nxt is not None and ig is not None:
                    if nxt in buffers:
                        _add_into(buffers, owned, nxt, ig, m)
                    else:
                        buffers[nxt] = ig
                    ig = None
                    left = deps[nxt] - 1
                    deps[nxt] = left
                    if left == 0:
                        if pending is not None:
                            push(pending)
                            push(nxt)
                            pending = None
                        elif heap:
                            push(nxt)
                        else:
                            pending = nxt
                if large:
                    _release(fn, retain_graph)
                continue
            pushed = False
            for nxt, ig in zip(fn.edges, in_grads):
                if nxt is None or ig is None:
                    continue
                if wanted is not None and id(nxt) not in wanted:
                    continue
                if nxt in buffers:
                    _add_into(buffers, owned, nxt, ig, m)
                else:
                    buffers[nxt] = ig
                left = deps[nxt] - 1
                deps[nxt] = left
                if left == 0:
                    if pending is not None:
                        push(pending)
                        push(nxt)
                        pending = None
                    elif heap or pushed:
                        push(nxt)
                    else:
                        pending = nxt
                    pushed = True
            in_grads = ig = None    # the buffers own them now (see _add_into)
            if large:
                _release(fn, retain_graph)
    finally:
        GRAD_MODE.enabled = prev_mode
        if lend:
            m.spare = m.last = None
    return captured


def _unwanted_as_none(edges, in_grads, wanted) -> tuple:
    """``in_grads`` with None for each input whose gradient the pass does
    not want (``wanted``: ids of the nodes it runs or captures).

    NOTE: PyTorch computes no gradient for an edge that leads nowhere the
    pass goes (``should_compute_output``), so a grad_fn's hooks see None
    there (``backward(inputs=...)``, ``autograd.grad``)."""
    return tuple(ig if e is not None and id(e) in wanted else None for e, ig in zip(edges, in_grads))


def _release(fn: Node, keep_saved: bool):
    """Let go of the large arrays ``fn`` does not need: its output and
    inputs, except what it saved if ``keep_saved`` (when it is recorded, and
    after it ran in a backward that retains the graph). What stays is a
    shape-only stand-in: rules, and the graph view, read only the shape and
    dtype of what an op did not save. So intermediates are freed as soon
    as nothing needs them, as in PyTorch."""
    op = fn.op
    indices, reads_out = _save_plan(op, fn.edges) if keep_saved and op.saves else ((), False)
    out = fn.out
    if not reads_out and out.size >= RELEASE_MIN:
        fn.out = _stand_in(out)
    args = None
    for i, a in enumerate(fn.args):
        # NOTE: not a leaf that requires grad: its AccumulateGrad is
        # tied to that tensor (and a leaf's data is the user's anyway).
        if (type(a) is Tensor and a.data.size >= RELEASE_MIN and i not in indices
                and (a.grad_fn is not None or not a.requires_grad)):
            if args is None:
                args = list(fn.args)
            args[i] = Tensor(_stand_in(a.data), a.requires_grad, a.grad_fn, a._version)
    if args is not None:
        fn.args = tuple(args)


def _spare_input(fn: Node, g):
    """An array that ``fn``'s rules may write a result into (the plain
    math's ``spare``), or None, in a pass that frees ``fn``'s saved values
    once its rules ran (no retain_graph): an input's array that no one but
    ``fn`` holds (its tensor referred to by ``fn``'s args and saved versions
    alone, plus this loop and getrefcount's argument; the array by that
    tensor alone, plus ``d`` and the argument); else the incoming gradient
    ``g`` when a single rule reads it and nothing but the pass holds it
    (the caller's ``g``, this parameter and getrefcount's argument).

    NOTE: PyTorch's rules make a new tensor for ``g * other`` too; here the
    memory of a saved value about to be dropped is reused instead (a large
    product's new array costs as much as the product), the values are the
    same."""
    saved = fn.saved
    for a in fn.args:
        if type(a) is not Tensor or a.grad_fn is None or a._view is not None:
            continue
        holders = 3 + sum(1 for entry in saved if entry[2] is a) + sum(1 for b in fn.args if b is a) - 1
        d = a.data
        if (sys.getrefcount(a) <= holders and d.size >= RELEASE_MIN and d.base is None
                and d.flags.writeable and sys.getrefcount(d) <= 3):
            return d
    if (type(g) is np.ndarray and g.size >= RELEASE_MIN and g.base is None and g.flags.writeable
            and _one_rule(fn) and sys.getrefcount(g) <= 3):
        return g
    return None


def _free_gradient(g) -> bool:
    """Whether the incoming gradient ``g`` of a node whose rules run with
    lent memory (see ``_spare_input``) is held by this pass alone, so that
    the last of the node's rules to read it may write its result into it
    (the math's ``last``): a large array of its own that only the caller's
    ``g``, this parameter and getrefcount's argument refer to."""
    return (type(g) is np.ndarray and g.size >= RELEASE_MIN and g.base is None and g.flags.writeable
            and sys.getrefcount(g) <= 3)


def _one_rule(fn: Node) -> bool:
    """Whether one rule of ``fn`` runs: one input wants a gradient, or the
    two inputs of a symmetric op are one tensor (``x * x``, see _apply_rules)."""
    args, edges = fn.args, fn.edges
    if len(args) == 2 and args[0] is args[1] and fn.op.symmetric:
        return True
    return sum(e is not None for e in edges) == 1


_NO_MEMORY = bytes(32)       # one zero element of any numeric dtype, read-only


def _stand_in(a: np.ndarray) -> np.ndarray:
    """A read-only array of zeros with ``a``'s shape and dtype and no memory
    (every stride 0: one element, seen everywhere)."""
    return np.ndarray(a.shape, a.dtype, _NO_MEMORY, 0, (0,) * a.ndim)


def _add_into(buffers, owned, k, g, m):
    """Accumulate ``g`` into the gradient buffer of node ``k``.

    NOTE: a rule may return an array that aliases a user-visible tensor or
    another buffer (``add`` passes ``g`` on to both inputs), so the first sum
    is a new array; only such arrays, made here and seen by no one else
    yet, are summed into in place afterwards."""
    cur = buffers[k]
    if g is cur and _doubling_in_place(cur):
        cur += cur
        owned.add(k)
        return
    if (type(g) is np.ndarray and type(cur) is np.ndarray and g.shape == cur.shape
            and g.dtype == cur.dtype and (k in owned or _unshared_buffer(cur))):
        cur += g
        owned.add(k)
        return
    cur = buffers[k] = m.add(cur, g)
    if type(cur) is np.ndarray:
        owned.add(k)


def _apply_rules(fn: Node, g, m):
    """The gradient of each input (None where not wanted), on numpy arrays;
    a shorter sequence than the edges means None for the rest."""
    args, out, cd, edges = fn.args, fn.out, fn.compute_dtype, fn.edges
    vjps = fn.op.vjps
    if cd is None and len(args) <= 2 and not fn.attrs:
        # NOTE: the common nodes, made quick: one or two inputs already in
        # their compute dtype, no attrs, and often only the first input
        # wanting a gradient (a tensor with a number).
        a = args[0]
        d = a.data if type(a) is Tensor else a
        if len(args) == 1:
            gi = vjps[0](m, g, out, d)
            if gi.shape != d.shape or (gi.dtype is not d.dtype and gi.dtype != d.dtype):
                gi = m.fit(gi, a)
            return (gi,)
        b = args[1]
        e = b.data if type(b) is Tensor else b
        if len(edges) == 1 or edges[1] is None:
            gi = vjps[0](m, g, out, d, e)
            if gi.shape != d.shape or (gi.dtype is not d.dtype and gi.dtype != d.dtype):
                gi = m.fit(gi, a)
            return (gi,)
        if d is e and fn.op.symmetric:
            # NOTE: x * x: both rules give g * x; computed once, and the two
            # edges' sum is the same g * x + g * x as PyTorch's
            gi = vjps[0](m, g, out, d, e)
            if gi.shape != d.shape or (gi.dtype is not d.dtype and gi.dtype != d.dtype):
                gi = m.fit(gi, a)
            return (gi, gi)
        inputs = (d, e)
        attrs = None
    elif cd is None:
        inputs = tuple([a.data if type(a) is Tensor else a for a in args])
        attrs = fn.attrs
    else:
        cdn = cd.np
        inputs = tuple([(a.data if a.data.dtype is cdn else _as_compute_array(a, cd))
                        if type(a) is Tensor else a for a in args])
        attrs = fn.attrs
    n = len(edges)                      # the inputs that have a rule
    grads = [None] * n
    # NOTE: last input first: the rules are independent, and so a rule of an
    # earlier input that writes into a later input's memory (``m.spare``;
    # div's g / other) runs after the rules that read it.
    for i in range(n - 1, -1, -1):
        if edges[i] is None:
            continue
        gi = vjps[i](m, g, out, *inputs, **attrs) if attrs else vjps[i](m, g, out, *inputs)
        d = args[i].data
        # NOTE: most gradients already have their input's shape and dtype.
        if gi.shape != d.shape or (gi.dtype is not d.dtype and gi.dtype != d.dtype):
            gi = m.fit(gi, args[i])
        grads[i] = gi
    return grads


def _apply_rules_tensor(fn: Node, g, m):
    """The same over Tensors (create_graph=True): the rules record a graph."""
    op, args, attrs, cd = fn.op, fn.args, fn.attrs, fn.compute_dtype
    inputs = tuple(_as_compute_tensor(a, cd) for a in args)
    out = Tensor(fn.out, True, fn)
    grads = []
    for a, rule, edge in zip(args, op.vjps, fn.edges):
        if edge is None:
            grads.append(None)
        else:
            gi = rule(m, g, out, *inputs, **attrs) if attrs else rule(m, g, out, *inputs)
            grads.append(m.fit(gi, a))
    return grads


def input_grad(fn: Node, index: int, g, m):
    """The gradient that ``fn``'s rule sends to its input ``index`` for the
    incoming gradient ``g`` (CopySlices runs the in-place op's node so)."""
    args, attrs, out, cd = fn.args, fn.attrs, fn.out, fn.compute_dtype
    if m.is_tensor:
        inputs = tuple(_as_compute_tensor(a, cd) for a in args)
        out = Tensor(out, True, fn)
    elif cd is None:
        inputs = [a.data if type(a) is Tensor else a for a in args]
    else:
        inputs = [_as_compute_array(a, cd) if type(a) is Tensor else a for a in args]
    rule = fn.op.vjps[index]
    gi = rule(m, g, out, *inputs, **attrs) if attrs else rule(m, g, out, *inputs)
    return m.fit(gi, args[index])


def adopt_inplace(node: Node, t: Tensor) -> None:
    """``node`` was recorded for an in-place op on ``t``, before ``t`` is
    written: as PyTorch's in-place ops do, it keeps a copy of ``t``'s old
    value if its rules read it, and the output it saved is ``t`` itself
    after the write (a later change of ``t`` is then caught at backward)."""
    if not node.op.saves:
        return
    indices, reads_out = _save_plan(node.op, node.edges)
    args = node.args
    if 0 in indices and args and args[0] is t:
        args = node.args = (Tensor(t.data.copy(), t.requires_grad, t.grad_fn),) + tuple(args[1:])
    saved = _input_versions(args, indices)
    if reads_out:
        counter = t._version
        saved.append((counter, counter.value + 1, None))
    node.saved = saved


def _as_compute_array(a, cd):
    d = a.data
    return d if d.dtype == cd.np else d.astype(cd.np)


def _as_compute_tensor(a, cd):
    if type(a) is Tensor and cd is not None and a.data.dtype != cd.np:
        return MATH.graph.to_dtype(a, cd)
    return a


def _run_hooks(hooks, g, m):
    if not hooks:
        return g
    for hook in list(hooks):
        gt = g if m.is_tensor else Tensor(g)
        res = hook(gt)
        if res is not None:
            if type(res) is not Tensor:
                raise runtime_error("hook returned a value that is not a Tensor or None")
            g = res if m.is_tensor else res.data
    return g


class _NodeHooks:
    """Hooks registered on grad_fn nodes: ``table`` maps a node to its
    [pre-hooks, post-hooks]; ``used`` says whether there are any (the
    backward pass looks no further when there are none)."""
    __slots__ = ("table", "used")

    def __init__(self):
        self.table = weakref.WeakKeyDictionary()
        self.used = False


NODE_HOOKS = _NodeHooks()


def node_hooks(fn) -> list:
    """[pre-hooks, post-hooks] of ``fn`` (made on first use)."""
    NODE_HOOKS.used = True
    hooks = NODE_HOOKS.table.get(fn)
    if hooks is None:
        hooks = NODE_HOOKS.table[fn] = [[], []]
    return hooks


def _as_hook_tensor(g, m):
    return g if g is None or m.is_tensor else Tensor(g)


def _from_hook(res, what):
    if res is not None and type(res) is not Tensor:
        raise runtime_error(f"{what} hook returned a value that is not a Tensor or None")
    return res


def _run_node_prehooks(hooks, g, m):
    """Node pre-hooks: ``hook(grad_outputs) -> new grad_outputs or None``."""
    for hook in list(hooks):
        res = hook((_as_hook_tensor(g, m),))
        if res is not None:
            new = _from_hook(res[0], "pre")
            g = new if m.is_tensor or new is None else new.data
    return g


def _run_node_posthooks(hooks, in_grads, g, m, n_inputs):
    """Node hooks: ``hook(grad_inputs, grad_outputs) -> new grad_inputs or None``.
    ``grad_inputs`` has one entry per input of the node (``n_inputs``), as
    PyTorch's, even where the rules gave only the leading ones."""
    go = (_as_hook_tensor(g, m),)
    if len(in_grads) < n_inputs:
        in_grads = list(in_grads) + [None] * (n_inputs - len(in_grads))
    for hook in list(hooks):
        gi = tuple(_as_hook_tensor(x, m) for x in in_grads)
        res = hook(gi, go)
        if res is not None:
            if len(res) != len(in_grads):
                raise runtime_error(f"hook has returned an incorrect number of values (got {len(res)}, "
                                    f"but expected {len(in_grads)})")
            in_grads = [None if r is None else (_from_hook(r, "post") if m.is_tensor else _from_hook(r, "post").data)
                        for r in res]
    return in_grads


def _unshared_buffer(cur) -> bool:
    """Whether the gradient buffer ``cur`` is a fresh array that only the
    buffers refer to (see ``_unshared``: here the references are the
    buffers' entry, the caller's ``cur``, this parameter and getrefcount's
    own argument)."""
    return cur.base is None and cur.flags.writeable and sys.getrefcount(cur) <= 4


def _doubling_in_place(cur) -> bool:
    """Whether ``_add_into`` may add the buffer ``cur`` to itself in place:
    a rule gave one fresh array to two edges into the same node (``x * x``)
    and nothing but this pass holds it: the buffers' entry, the rules'
    result twice, zip's pair and the loop variable in ``run_backward``, the
    caller's ``g`` and ``cur``, this parameter and getrefcount's own
    argument. ``g + g`` is ``2 * g`` exactly either way."""
    return (type(cur) is np.ndarray and cur.base is None and cur.flags.writeable
            and cur.size >= RELEASE_MIN and sys.getrefcount(cur) <= 9)


def _unshared(g) -> bool:
    """Whether ``g`` is a fresh array that only the backward pass refers to:
    made by a rule (it owns its writable memory), held by nobody else.

    NOTE: PyTorch's AccumulateGrad steals such a gradient instead of
    copying it, judged by its use count; the references here are the
    caller's ``g``, this parameter and getrefcount's own argument."""
    return (type(g) is np.ndarray and g.base is None and g.flags.writeable
            and sys.getrefcount(g) <= 3)


def _accumulate(t: Tensor, g, create_graph: bool, owned: bool = False, retained: bool = False):
    """Add ``g`` to ``t.grad``; ``owned``: ``g`` is an array that no one
    else holds, so it may become the grad uncopied; ``retained``: ``t`` is
    not a leaf but retains its gradient (``retain_grad``)."""
    if create_graph:
        gt = g if type(g) is Tensor else Tensor(g)
        if t._grad is not None:
            t._grad = _tensor_add(t._grad, gt)
        else:
            # NOTE: a retained gradient is a clone (CloneBackward0), a leaf's
            # obeys the leaf's layout (see first_grad)
            t._grad = MATH.graph.first_grad(gt, t, not retained and dense(t.data))
        return
    if type(g) is Tensor:
        g = g.data
    if t._grad is None:
        d = t.data
        if owned and type(g) is np.ndarray and g.dtype == d.dtype and g.shape == d.shape and _obeys_layout(g, d):
            t._grad = Tensor(g)
        elif g.shape != d.shape:
            # NOTE: a gradient retained at a node whose output has since changed
            # shape in place (x.t_()) keeps the node's shape, as in PyTorch
            t._grad = Tensor(np.array(g, dtype=d.dtype))
        else:
            grad = np.empty_like(d) if dense(d) else np.empty(d.shape, d.dtype)
            np.copyto(grad, g, casting="unsafe")
            t._grad = Tensor(grad)
    elif t._grad.requires_grad:
        t._grad = Tensor(t._grad.data + g)
    else:
        t._grad.data += g
        t._grad.bump_version()


def _obeys_layout(g: np.ndarray, d: np.ndarray) -> bool:
    """PyTorch's layout contract for a leaf's first gradient: the strides of
    the leaf when it is dense, else contiguous.

    NOTE: AccumulateGrad keeps an incoming gradient as ``.grad`` only when
    it obeys the contract, and otherwise copies it into that layout: the
    gradient of ``nn.Linear``'s weight, computed transposed, becomes a
    contiguous ``.grad``, whose sums and norms add its elements in that
    order."""
    if dense(d):
        return all(gs == ds for gs, ds, n in zip(g.strides, d.strides, d.shape) if n > 1)
    return g.flags.c_contiguous


def _tensor_add(a, b):
    return MATH.graph.add(a, b)


def implicit_grad(t: Tensor):
    if t.data.size != 1:
        raise runtime_error("grad can be implicitly created only for scalar outputs",
                            hint="call .sum() (or .mean()) first, or pass gradient=torch.ones_like(y)")
    return np.ones_like(t.data)


def root_of(t: Tensor, index: int = 0):
    fn = t.grad_fn if t._view is None else refresh(t)
    if not t.requires_grad:
        raise runtime_error(f"element {index} of tensors does not require grad and does not have a grad_fn")
    return fn if fn is not None else accumulator(t)


def make_node(op, args, attrs, out, edges) -> Node:
    """A node made outside ``record`` (views regenerated, CopySlices)."""
    return Node(op, args, attrs, out, None, edges)


def _roots_and_grads(outputs, grads, create_graph):
    """The nodes a pass starts from and the gradients they get (None: ones
    for a one-element output): arrays, or Tensors under create_graph."""
    roots, made = [], []
    for i, (t, g) in enumerate(zip(outputs, grads)):
        roots.append(root_of(t, i))
        if g is None:
            g = implicit_grad(t)
        elif type(g) is Tensor and not create_graph:
            g = g.data
        if create_graph and type(g) is not Tensor:
            g = Tensor(g)
        made.append(g)
    return roots, made


def backward(tensors, grad_tensors, retain_graph=None, create_graph=False, inputs=None, tracer=None):
    roots, grads = _roots_and_grads(tensors, grad_tensors, create_graph)
    if retain_graph is None:
        retain_graph = create_graph
    targets = None
    if inputs is not None:
        targets, held = set(), []       # held: the nodes, so that their ids stay theirs
        for x in inputs:
            fn = x.grad_fn if x._view is None else refresh(x)
            if fn is not None:          # PyTorch retains the gradient of a non-leaf input
                x._retains_grad = True
                fn.retained = weakref.ref(x)
            node = fn if fn is not None else accumulator(x)
            targets.add(id(node))
            held.append(node)
    run_backward(roots, grads, retain_graph, create_graph, targets=targets, tracer=tracer)


def grad(outputs, inputs, grad_outputs, retain_graph=None, create_graph=False, allow_unused=False):
    roots, grads = _roots_and_grads(outputs, grad_outputs, create_graph)
    capture, held = {}, []          # held: the nodes, so that their ids stay theirs
    slot = []                       # the input each gradient is captured for (the first of repeats)
    for j, x in enumerate(inputs):
        if not x.requires_grad:
            raise runtime_error("One of the differentiated Tensors does not require grad")
        fn = x.grad_fn if x._view is None else refresh(x)
        node = fn if fn is not None else accumulator(x)
        slot.append(capture.setdefault(id(node), j))
        held.append(node)
    if retain_graph is None:
        retain_graph = create_graph
    # NOTE: autograd.grad never accumulates into any .grad
    captured = run_backward(roots, grads, retain_graph, create_graph, capture=capture, accumulate=False)
    result = []
    for j, x in enumerate(inputs):
        g = captured.get(slot[j])
        if g is None:
            if not allow_unused:
                raise runtime_error(f"The differentiated Tensor at index {j} appears to not have been used in "
                                    "the graph. Set allow_unused=True if this is the desired behavior.")
            result.append(None)
        else:
            result.append(g if type(g) is Tensor else Tensor(np.array(g, dtype=x.data.dtype)))
    return tuple(result)
