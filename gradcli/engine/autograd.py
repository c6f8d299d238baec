"""The autograd graph and the backward pass, with PyTorch's semantics.

``record`` runs an op's forward and, when grad mode is on and an input needs
a gradient, attaches a ``Node`` that remembers the op, its inputs and their
versions. ``run_backward`` walks the graph without recursion: it counts each
node's dependencies, then processes ready nodes highest sequence number first
(PyTorch's order), applying each op's gradient rules.

The rules read their inputs through a math namespace ``m``: ``NUMPY`` on the
plain path (numpy arrays, fast), ``TENSOR`` when ``create_graph=True`` (the
same rules over Tensors, so gradients are themselves differentiable).
"""
from __future__ import annotations

import heapq
import itertools

import numpy as np

from . import dtypes as D
from .tensor import Tensor
from ..errors import runtime_error


class _GradMode:
    __slots__ = ("enabled",)

    def __init__(self):
        self.enabled = True


GRAD_MODE = _GradMode()
_SEQ = itertools.count()


class Node:
    """A ``grad_fn``: one recorded op application."""
    __slots__ = ("op", "args", "attrs", "out", "edges", "saved", "freed", "seq",
                 "retained", "hooks", "compute_dtype", "__weakref__")

    def __init__(self, op, args, attrs, out, compute_dtype):
        self.op = op
        self.args = args
        self.attrs = attrs
        self.out = out
        self.compute_dtype = compute_dtype
        self.seq = next(_SEQ)
        self.freed = False
        self.retained = None          # weakref to the output, for retain_grad
        self.hooks = None             # tensor hooks of the output
        edges = []
        for a, rule in zip(args, op.vjps):
            if rule is not None and type(a) is Tensor and a.requires_grad:
                fn = a.grad_fn
                edges.append(fn if fn is not None else accumulator(a))
            else:
                edges.append(None)
        self.edges = edges
        self.saved = _saved_versions(op, args, edges) if op.saves else ()

    @property
    def name(self) -> str:
        return self.op.grad_fn

    @property
    def next_functions(self):
        return tuple((e, 0) for e in self.edges)


def _saved_versions(op, args, edges):
    """(tensor, version at save time) of each saved input the wanted
    gradients read; the output's entry is added by ``record``."""
    needed = set()
    for rule_reads, e in zip(op.reads, edges):
        if e is not None:
            needed.update(rule_reads)
    return [(args[i], args[i]._version.value) if i != "out" else "out"
            for i in needed if i == "out" or type(args[i]) is Tensor]


class AccumulateGrad:
    """The sink of a leaf tensor's gradients."""
    __slots__ = ("variable", "seq", "__weakref__")
    name = "AccumulateGrad"

    def __init__(self, variable: Tensor):
        self.variable = variable
        self.seq = 1 << 62            # leaves run last among ready nodes

    @property
    def next_functions(self):
        return ()


def accumulator(t: Tensor) -> AccumulateGrad:
    acc = t._accumulator
    if acc is None:
        acc = t._accumulator = AccumulateGrad(t)
    return acc


# ***** forward: recording *****

def record(op, args, attrs, out, compute_dtype=None, view_of=None) -> Tensor:
    """Wrap ``out`` (the forward result of ``op`` on ``args``) as a Tensor,
    with a grad_fn when grad mode is on and a differentiable input needs it."""
    if type(out) is not np.ndarray:
        out = np.asarray(out)
    version = view_of._version if view_of is not None else None
    if GRAD_MODE.enabled:
        for a, rule in zip(args, op.vjps):
            if rule is not None and type(a) is Tensor and a.requires_grad:
                if out.dtype.kind != "f":
                    break
                node = Node(op, args, attrs, out, compute_dtype)
                t = Tensor(out, True, node, version)
                if "out" in node.saved:
                    node.saved = [(t._version, t._version.value, None) if s == "out" else s
                                  for s in node.saved]
                return t
    return Tensor(out, False, None, version)


# ***** backward *****

def _check_saved(node: Node):
    if node.freed:
        raise runtime_error(
            "Trying to backward through the graph a second time (or directly access saved tensors "
            "after they have already been freed). Saved intermediate values of the graph are freed "
            "when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to "
            "backward through the graph a second time or if you need to access saved tensors after "
            "calling backward.")
    for entry in node.saved:
        if len(entry) == 3:             # the node's own output
            counter, v, _ = entry
            producer, shape, dt = node.name, node.out.shape, D.of_array(node.out)
        else:
            t, v = entry
            counter = t._version
            producer = t.grad_fn.name if t.grad_fn is not None else None
            shape, dt = t.shape, t.dtype
        if counter.value != v:
            # NOTE: PyTorch names the producer without "Backward0": "output 0 of Sigmoid".
            where = f", which is output 0 of {_forward_name(producer)}," if producer else ""
            dims = ", ".join(str(s) for s in shape)
            raise runtime_error(
                "one of the variables needed for gradient computation has been modified by an "
                f"inplace operation: [torch.{dt.torch_type} [{dims}]]{where} is at version "
                f"{counter.value}; expected version {v} instead. Hint: enable anomaly detection "
                "to find the operation that failed to compute its gradient, with "
                "torch.autograd.set_detect_anomaly(True, check_nan=False).")


def _forward_name(grad_fn_name: str) -> str:
    head, sep, tail = grad_fn_name.rpartition("Backward")
    return head if sep and tail.isdigit() else grad_fn_name


def _collect(roots):
    """Dependency counts of every node reachable from ``roots`` (iterative)."""
    deps, seen, stack = {}, set(), [r for r in roots if r is not None]
    for r in stack:
        seen.add(id(r))
    while stack:
        fn = stack.pop()
        for nxt in getattr(fn, "edges", ()):
            if nxt is None:
                continue
            k = id(nxt)
            deps[k] = deps.get(k, 0) + 1
            if k not in seen:
                seen.add(k)
                stack.append(nxt)
    return deps


def run_backward(roots, grads, retain_graph=False, create_graph=False, capture=None,
                 accumulate=True, only=None, tracer=None):
    """Backpropagate ``grads`` (arrays, or Tensors under create_graph) from the
    ``roots`` (grad_fn nodes or AccumulateGrad). ``capture`` maps id(node) →
    slot for autograd.grad; ``only`` limits accumulation to these leaves."""
    from .mathns import NUMPY, TENSOR
    m = TENSOR if create_graph else NUMPY
    deps = _collect(roots)
    buffers, ready = {}, []
    for r, g in zip(roots, grads):
        k = id(r)
        if k in buffers:
            buffers[k] = m.add(buffers[k], g)
        else:
            buffers[k] = g
            if deps.get(k, 0) == 0:
                heapq.heappush(ready, (-r.seq, k, r))
    captured = {} if capture is not None else None
    prev_mode = GRAD_MODE.enabled
    GRAD_MODE.enabled = create_graph
    try:
        while ready:
            _, k, fn = heapq.heappop(ready)
            g = buffers.pop(k)
            if type(fn) is AccumulateGrad:
                g = _run_hooks(fn.variable._hooks, g, m)
                if capture is not None and k in capture:
                    captured[capture[k]] = g
                elif accumulate and (only is None or id(fn.variable) in only):
                    _accumulate(fn.variable, g, create_graph)
                if tracer is not None:
                    tracer(fn, g, ())
                continue
            if fn.hooks:
                g = _run_hooks(fn.hooks, g, m)
            if fn.retained is not None:
                t = fn.retained()
                if t is not None and accumulate and capture is None:
                    _accumulate(t, g, create_graph)
            if capture is not None and k in capture:
                captured[capture[k]] = g
            if fn.op.saves:
                _check_saved(fn)
            in_grads = _apply_rules(fn, g, m)
            if tracer is not None:
                tracer(fn, g, in_grads)
            if not retain_graph and fn.op.saves:
                fn.freed = True
            for nxt, ig in zip(fn.edges, in_grads):
                if nxt is None or ig is None:
                    continue
                nk = id(nxt)
                if nk in buffers:
                    buffers[nk] = m.add(buffers[nk], ig)
                else:
                    buffers[nk] = ig
                deps[nk] -= 1
                if deps[nk] == 0:
                    heapq.heappush(ready, (-nxt.seq, nk, nxt))
    finally:
        GRAD_MODE.enabled = prev_mode
    return captured


def _apply_rules(fn: Node, g, m):
    op, args, attrs, cd = fn.op, fn.args, fn.attrs, fn.compute_dtype
    if m.is_tensor:
        inputs = tuple(_as_compute_tensor(a, cd) for a in args)
        out = Tensor(fn.out, True, fn)
    else:
        inputs = tuple(_as_compute_array(a, cd) if type(a) is Tensor else a for a in args)
        out = fn.out
    grads = []
    for a, rule, edge in zip(args, op.vjps, fn.edges):
        if edge is None:
            grads.append(None)
        else:
            gi = rule(m, g, out, *inputs, **attrs) if attrs else rule(m, g, out, *inputs)
            grads.append(m.fit(gi, a))
    return grads


def _as_compute_array(a, cd):
    d = a.data
    return d if cd is None or d.dtype == cd.np else d.astype(cd.np)


def _as_compute_tensor(a, cd):
    if type(a) is Tensor and cd is not None and a.data.dtype != cd.np:
        from ..ops import api
        return api.to_dtype(a, cd)
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


def _accumulate(t: Tensor, g, create_graph: bool):
    if create_graph:
        gt = g if type(g) is Tensor else Tensor(g)
        t._grad = gt if t._grad is None else _tensor_add(t._grad, gt)
        return
    if type(g) is Tensor:
        g = g.data
    if t._grad is None:
        t._grad = Tensor(np.array(g, dtype=t.data.dtype, copy=True))
    elif t._grad.requires_grad:
        t._grad = Tensor(t._grad.data + g)
    else:
        t._grad.data += g
        t._grad.bump_version()


def _tensor_add(a, b):
    from ..ops import api
    return api.add(a, b)


def implicit_grad(t: Tensor):
    if t.data.size != 1:
        raise runtime_error("grad can be implicitly created only for scalar outputs",
                            hint="call .sum() (or .mean()) first, or pass gradient=torch.ones_like(y)")
    return np.ones_like(t.data)


def root_of(t: Tensor, index: int = 0):
    if not t.requires_grad:
        raise runtime_error(f"element {index} of tensors does not require grad and does not have a grad_fn")
    return t.grad_fn if t.grad_fn is not None else accumulator(t)


def backward(tensors, grad_tensors, retain_graph=None, create_graph=False, inputs=None, tracer=None):
    roots, grads = [], []
    for i, (t, g) in enumerate(zip(tensors, grad_tensors)):
        roots.append(root_of(t, i))
        if g is None:
            g = implicit_grad(t)
        else:
            g = g.data if type(g) is Tensor and not create_graph else g
            if type(g) is not Tensor and g.shape != t.shape:
                raise runtime_error(f"Mismatch in shape: grad_output[{i}] has a shape of "
                                    f"torch.Size({list(g.shape)}) and output[{i}] has a shape of "
                                    f"torch.Size({list(t.shape)}).")
        if create_graph and type(g) is not Tensor:
            g = Tensor(g)
        grads.append(g)
    if retain_graph is None:
        retain_graph = create_graph
    only = None
    if inputs is not None:
        only = {id(x) for x in inputs}
    run_backward(roots, grads, retain_graph, create_graph, only=only, tracer=tracer)


def grad(outputs, inputs, grad_outputs, retain_graph=None, create_graph=False, allow_unused=False):
    roots, grads = [], []
    for i, (t, g) in enumerate(zip(outputs, grad_outputs)):
        roots.append(root_of(t, i))
        if g is None:
            g = implicit_grad(t)
        elif type(g) is Tensor and not create_graph:
            g = g.data
        if create_graph and type(g) is not Tensor:
            g = Tensor(g)
        grads.append(g)
    capture = {}
    for j, x in enumerate(inputs):
        if not x.requires_grad:
            raise runtime_error(f"One of the differentiated Tensors does not require grad")
        node = x.grad_fn if x.grad_fn is not None else accumulator(x)
        capture[id(node)] = j
    if retain_graph is None:
        retain_graph = create_graph
    captured = run_backward(roots, grads, retain_graph, create_graph, capture=capture)
    result = []
    for j, x in enumerate(inputs):
        g = captured.get(j)
        if g is None:
            if not allow_unused:
                raise runtime_error("One of the differentiated Tensors appears to not have been used in "
                                    "the graph. Set allow_unused=True if this is the desired behavior.")
            result.append(None)
        else:
            result.append(g if type(g) is Tensor else Tensor(np.array(g, dtype=x.data.dtype)))
    return tuple(result)
