"""The autograd graph below a tensor, as plain data: nodes (grad_fn
objects and AccumulateGrad leaves) and edges, collected without recursion.
The renderers (render/graph_out.py) turn it into a tree, DOT, Mermaid or
JSON."""
from __future__ import annotations

from dataclasses import dataclass, field

from .autograd import AccumulateGrad, accumulator
from .tensor import Tensor
from ..errors import runtime_error


@dataclass
class GraphNode:
    id: int
    name: str                  # "MulBackward0", "AccumulateGrad"
    shape: tuple
    dtype: str
    label: str | None = None   # the variable (or source text) it belongs to


@dataclass
class Graph:
    root: int
    nodes: list = field(default_factory=list)     # GraphNode, in discovery order (root first)
    edges: list = field(default_factory=list)     # (from id, to id): a node to an input's node


def collect(root: Tensor, labels=()) -> Graph:
    """The graph that ``root.backward()`` would walk. ``labels`` holds
    (name, tensor) pairs: the name is shown beside that tensor's node."""
    if not root.requires_grad:
        raise runtime_error("the tensor does not require grad, so it has no autograd graph",
                            hint="give a leaf requires_grad=True (or bind it with -a)")
    by_fn = {}
    for name, t in labels:
        if type(t) is Tensor and t.requires_grad:
            fn = t.grad_fn if t.grad_fn is not None else accumulator(t)
            by_fn.setdefault(id(fn), name)
    start = root.grad_fn if root.grad_fn is not None else accumulator(root)
    ids, graph = {}, Graph(0)
    stack = [start]
    ids[id(start)] = 0
    graph.nodes.append(_node(start, 0, by_fn))
    while stack:
        fn = stack.pop()
        for nxt, _ in fn.next_functions:
            if nxt is None:
                continue
            k = id(nxt)
            if k not in ids:
                ids[k] = len(graph.nodes)
                graph.nodes.append(_node(nxt, ids[k], by_fn))
                stack.append(nxt)
            graph.edges.append((ids[id(fn)], ids[k]))
    return graph


def _node(fn, i, by_fn) -> GraphNode:
    if type(fn) is AccumulateGrad:
        v = fn.variable
        return GraphNode(i, "AccumulateGrad", tuple(v.data.shape), v.data.dtype.name, by_fn.get(id(fn)))
    return GraphNode(i, fn.name, tuple(fn.out.shape), fn.out.dtype.name, by_fn.get(id(fn)))


def label_steps(steps, variables) -> list:
    """Steps as recorded by ops/autograd_calls.py, with the name of the variable
    behind each node ("label") and a description of each input's node."""
    names = {}
    for name, t in variables:
        if type(t) is Tensor and t.requires_grad:
            fn = t.grad_fn if t.grad_fn is not None else t._accumulator
            if fn is not None:
                names.setdefault(id(fn), name)
    return [{"node": s["node"], "label": names.get(id(s["fn"])), "grad_output": s["grad_output"],
             "grad_inputs": [(describe_node(nxt, names), g) for nxt, g in s["grad_inputs"]]}
            for s in steps]


def describe_node(fn, names) -> str:
    """"MulBackward0 = y", "AccumulateGrad (x)": a node and the variable holding its tensor."""
    label = names.get(id(fn))
    if label is None:
        return fn.name
    return f"{fn.name} ({label})" if fn.name == "AccumulateGrad" else f"{fn.name} = {label}"
