"""``--trace``: a backward pass step by step — for each node in the order
it runs, the gradient that reached it and the gradient it sends to each
input (the chain rule made visible). Labels come from the variables that
hold each node's tensor; the text is shared by the torch and grad views."""
from __future__ import annotations

from .torch_text import format_tensor


def caption(node: str, label) -> str:
    """"MulBackward0 = y", "AccumulateGrad (x)"."""
    if not label:
        return node
    return f"{node} ({label})" if node == "AccumulateGrad" else f"{node} = {label}"


def _block(prefix: str, arr) -> list:
    """``prefix`` then the tensor's text, continuation lines aligned under it."""
    text = format_tensor(arr, arr.dtype.name).split("\n")
    pad = " " * len(prefix)
    return [prefix + text[0]] + [pad + line for line in text[1:]]


def title(root: str, line: int | None, steps, number: int | None = None) -> str:
    """"backward pass 3 at line 7: 4 steps from loss"."""
    where = f" at line {line}" if line else ""
    head = f"backward pass {number}" if number is not None else "backward()"
    return f"{head}{where}: {len(steps)} steps from {root}"


def hidden_passes_note(hidden: int, limit: int) -> str:
    return (f"--trace: {hidden} more backward pass{'es' if hidden != 1 else ''} not shown "
            f"(--trace-max {limit}; --trace-max 0 shows them all)")


def trace_text(root: str, line: int | None, steps, number: int | None = None) -> str:
    out = [title(root, line, steps, number)]
    for i, s in enumerate(steps, 1):
        out.append(f"  {i}. {caption(s['node'], s['label'])}")
        out += _block("       grad in:  ", s["grad_output"])
        if s["node"] == "AccumulateGrad":
            out.append(f"       → added to {s['label'] or 'the leaf'}.grad")
        for target, g in s["grad_inputs"]:
            out += _block(f"       → {target}: ", g)
    return "\n".join(out) + "\n"
