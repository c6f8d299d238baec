"""An autograd graph (engine/graph.py) as a Rich tree, Graphviz DOT, a
Mermaid flowchart, or a JSON object. The tree is built without recursion;
a node reached a second time is shown once and referred to after that."""
from __future__ import annotations

MAX_TREE_LINES = 500       # a bigger graph is for --format dot/mermaid/json


def _caption(n) -> str:
    shape = list(n.shape)
    if n.name == "AccumulateGrad":
        return f"{n.label or 'leaf'} {shape} (AccumulateGrad)"
    return f"{n.name} {shape}" + (f" = {n.label}" if n.label else "")


def _children(graph) -> dict:
    out = {}
    for a, b in graph.edges:
        out.setdefault(a, []).append(b)
    return out


def rich_tree(graph, title: str, width: int = 80):
    from rich.markup import escape
    from rich.tree import Tree
    nodes, kids = graph.nodes, _children(graph)

    def styled(n):
        text = escape(_caption(n))
        return f"[green]{text}[/]" if n.name == "AccumulateGrad" else f"[bold]{text}[/]"
    top = Tree(f"[dim]{escape(title)}[/]")
    root_tree = top.add(styled(nodes[graph.root]))
    max_depth = max(4, (width - 32) // 4)      # each level indents four columns
    shown, lines, cut = {graph.root}, 1, False
    stack = [(c, root_tree, 1) for c in reversed(kids.get(graph.root, []))]
    while stack:
        i, parent, depth = stack.pop()
        if lines >= MAX_TREE_LINES or depth > max_depth:
            cut = True
            continue
        lines += 1
        n = nodes[i]
        if i in shown and kids.get(i):
            parent.add(f"{styled(n)} [dim](shown above)[/]")
            continue
        shown.add(i)
        sub = parent.add(styled(n))
        stack.extend((c, sub, depth + 1) for c in reversed(kids.get(i, [])))
    if cut:
        top.add(f"[dim]… and {len(nodes) - len(shown)} more nodes, deeper than the tree shows: "
                f"use --format dot, mermaid or json for the whole graph[/]")
    return top


def _dot_quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def dot(graph, title: str) -> str:
    lines = ["digraph gradcli {", f"  label={_dot_quote(title)};", "  node [fontname=\"monospace\"];"]
    for n in graph.nodes:
        if n.name == "AccumulateGrad":
            text = (n.label or "leaf") + "\n" + str(list(n.shape))
            attrs = f"shape=box, style=filled, fillcolor=lightblue, label={_dot_quote(text)}"
        else:
            text = n.name + "\n" + str(list(n.shape)) + (f"\n{n.label}" if n.label else "")
            attrs = f"shape=box, label={_dot_quote(text)}"
        lines.append(f"  n{n.id} [{attrs}];")
    lines += [f"  n{a} -> n{b};" for a, b in graph.edges]
    lines.append("}")
    return "\n".join(lines) + "\n"


def _mermaid_quote(s: str) -> str:
    return '"' + s.replace("&", "#amp;").replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;") + '"'


def mermaid(graph, title: str) -> str:
    lines = ["---", f"title: {_mermaid_quote(title)}", "---", "flowchart TD"]
    for n in graph.nodes:
        text = _mermaid_quote(_caption(n))
        lines.append(f"  n{n.id}[{text}]" if n.name != "AccumulateGrad" else f"  n{n.id}([{text}])")
    lines += [f"  n{a} --> n{b}" for a, b in graph.edges]
    return "\n".join(lines) + "\n"


def graph_json(graph, title: str) -> dict:
    return {"root": title,
            "nodes": [{"id": n.id, "name": n.name, "shape": list(n.shape), "dtype": n.dtype, "label": n.label}
                      for n in graph.nodes],
            "edges": [[a, b] for a, b in graph.edges]}
