"""The results of the formula commands (grad, jacobian, hessian) as JSON
objects (the document's ``result``) and as PyTorch-style text."""
from __future__ import annotations

from .json_out import tensor_json, trace_json
from .pytext import to_repr


def _repr_or_none(t) -> str:
    return to_repr(t) if t is not None else "None"


# ***** grad *****

def grad_json(out, shown: dict) -> dict:
    return {"value": tensor_json(out.value),
            "nodes": [{"source": s, "grad_fn": t.grad_fn.name, "value": tensor_json(t, False),
                       "grad": tensor_json(t._grad, False) if t._grad is not None else None}
                      for s, t in out.nodes],
            "grads": {k: tensor_json(v._grad, False) if v._grad is not None else None
                      for k, v in shown.items()},
            **({"trace": trace_json(out.trace[1])} if out.trace else {})}


def grad_torch(out, shown: dict) -> str:
    parts = [f"# {out.title}", to_repr(out.value)]
    for s, t in out.nodes:
        if t is not out.value:            # the root's value is shown above; d/d(root) is 1
            parts += [f"# {s}", to_repr(t), f"# d/d({s})", _repr_or_none(t._grad)]
    for k, v in shown.items():
        parts += [f"# {k}.grad", _repr_or_none(v._grad)]
    text = "\n".join(parts) + "\n"
    if out.trace:
        from .trace_text import trace_text
        text += "# trace\n" + trace_text(out.trace[0], None, out.trace[1])
    return text


# ***** jacobian, hessian *****
# Each block has torch.autograd.functional's layout: the output's shape,
# then the input's (for the Hessian, leaf a's shape then leaf b's).

def block_title(res, key) -> str:
    if res.kind == "jacobian":
        return f"d({res.formula}) / d{key}"
    a, b = key
    return f"d²({res.formula}) / d{a} d{b}"


def derivative_json(res) -> dict:
    out = {"value": tensor_json(res.value, False)}
    if res.kind == "jacobian":
        out["jacobian"] = {k: tensor_json(t, False) for k, t in res.blocks.items()}
    else:
        hess = {}
        for (a, b), t in res.blocks.items():
            hess.setdefault(a, {})[b] = tensor_json(t, False)
        out["hessian"] = hess
    return out


def derivative_torch(res) -> str:
    parts = [f"# {res.formula}", to_repr(res.value)]
    for key, t in res.blocks.items():
        parts += [f"# {block_title(res, key)}", to_repr(t)]
    return "\n".join(parts) + "\n"
