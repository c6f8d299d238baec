"""The table-driven cases of the op rows, shared by tests/test_op_rows.py and
tests/goldens/make_row_goldens.py: one case per row and sample, with its
inputs made from a fixed seed, and the same call made in gradcli (every
form of the row) or in PyTorch (the generator and the live test).

A case's loss is ``sum(out_k * w_k)`` over its floating outputs, with fixed
random weights ``w_k``, so every output element counts differently.
"""
from __future__ import annotations

import zlib

import numpy as np

from gradcli.engine import autograd as AG
from gradcli.engine.tensor import Tensor
from gradcli.ops import names
from gradcli.ops.oprow import ROWS, T


def rng_for(*parts) -> np.random.Generator:
    return np.random.default_rng(zlib.crc32("/".join(str(p) for p in parts).encode()))


def public_rows():
    return [op for op in ROWS.values() if op.forms]


def cases():
    """(case id, row, sample index, sample) for every sample of every public row."""
    out = []
    for op in public_rows():
        for i, s in enumerate(op.samples):
            out.append((f"{op.key}#{i}", op, i, s))
    return out


def materialize(case_id, value, path="arg"):
    """A sample argument with its T's as numpy arrays (nested in lists too)."""
    if isinstance(value, T):
        if value.values is not None:
            return np.array(value.values, dtype=value.dtype)
        rng = rng_for(case_id, path)
        arr = rng.uniform(value.low, value.high, size=value.shape)
        return np.asarray(arr, dtype=value.dtype)
    if isinstance(value, list):
        return [materialize(case_id, v, f"{path}[{k}]") for k, v in enumerate(value)]
    return value


def leaves(sample):
    """Paths of the T arguments that take a gradient."""
    out = []

    def visit(v, path):
        if isinstance(v, T):
            if v.grad and v.dtype.startswith("float"):
                out.append(path)
        elif isinstance(v, list):
            for k, x in enumerate(v):
                visit(x, f"{path}[{k}]")
    for k, a in enumerate(sample.args):
        visit(a, f"arg{k}")
    for k, a in sample.kwargs.items():
        visit(a, k)
    return out


def has_fd(sample) -> bool:
    """Finite differences apply to random inputs; explicit values are kinks
    and ties, checked against PyTorch only."""
    def random(v):
        if isinstance(v, T):
            return v.values is None or not v.grad
        if isinstance(v, list):
            return all(random(x) for x in v)
        return True
    return all(random(a) for a in sample.args) and all(random(a) for a in sample.kwargs.values())


# ***** gradcli side *****

def build(case_id, sample, make_tensor):
    """(args, kwargs, {path: leaf}) with tensors made by ``make_tensor(array, requires_grad)``."""
    made = {}

    def conv(v, raw, path):
        if isinstance(v, T):
            t = make_tensor(raw, v.grad and v.dtype.startswith("float"))
            made[path] = t
            return t
        if isinstance(v, list):
            return [conv(x, r, f"{path}[{k}]") for k, (x, r) in enumerate(zip(v, raw))]
        return v
    args = [conv(a, materialize(case_id, a, f"arg{k}"), f"arg{k}") for k, a in enumerate(sample.args)]
    kwargs = {k: conv(a, materialize(case_id, a, k), k) for k, a in sample.kwargs.items()}
    return args, kwargs, {p: made[p] for p in leaves(sample)}


def gc_tensor(arr, requires_grad):
    return Tensor(np.array(arr), requires_grad)


def gradcli_forms(op):
    """(form label, function) for each name of the row a script can call."""
    out = []
    for name in (op.name,) + op.aliases:
        for form in op.forms:
            if form == "torch":
                out.append((f"torch.{name}", names.TORCH[name]))
            elif form == "F":
                out.append((f"F.{name}", names.FUNCTIONAL[name]))
            elif form == "bare":
                out.append((name, names.BARE[name]))
            elif form == "method":
                out.append((f"x.{op.method_name or name}", names.METHODS[op.method_name or name]))
            elif form == "inplace":
                out.append((f"x.{name}_", names.METHODS[name + "_"]))
            elif form == "linalg":
                out.append((f"torch.linalg.{name}", names.LINALG[name]))
    return out


def outputs_of(result):
    if isinstance(result, (tuple, list)):
        return [r for r in result if type(r) is Tensor or hasattr(r, "grad_fn")]
    return [result]


def weights(case_id, outs):
    return [rng_for(case_id, "w", k).uniform(0.5, 1.5, size=tuple(o.shape)) for k, o in enumerate(outs)]


def gc_loss_grads(case_id, outs, leaf_map, create_graph=False):
    """Gradients of the case's loss w.r.t. the leaves (None where unused)."""
    floats = [(o, w) for o, w in zip(outs, weights(case_id, outs)) if o.data.dtype.kind == "f" and o.requires_grad]
    if not floats or not leaf_map:
        return {p: None for p in leaf_map}
    gos = [Tensor(w.astype(o.data.dtype)) if create_graph else w.astype(o.data.dtype) for o, w in floats]
    res = AG.grad([o for o, _ in floats], list(leaf_map.values()), gos, retain_graph=create_graph,
                  create_graph=create_graph, allow_unused=True)
    return dict(zip(leaf_map, res))


def gc_loss_value(case_id, outs):
    total = 0.0
    for o, w in zip(outs, weights(case_id, outs)):
        if o.data.dtype.kind == "f":
            total += float(np.sum(o.data.astype(np.float64) * w))
    return total


def describe(arr) -> dict:
    a = np.asarray(arr)
    return {"dtype": a.dtype.name, "shape": list(a.shape),
            "values": [float(v).hex() for v in a.astype(np.float64).reshape(-1)]}


def undescribe(d) -> np.ndarray:
    return np.array([float.fromhex(v) for v in d["values"]], dtype=np.float64).reshape(d["shape"])


# ***** PyTorch side (the generator and the live test) *****

def torch_callable(op, torch):
    """PyTorch's function for the row: F.f, else torch.f, else torch.linalg.f, else the method."""
    F = torch.nn.functional
    for form in ("F", "torch", "linalg", "method"):
        if form not in op.forms:
            continue
        if form == "torch" and hasattr(torch, op.name):
            return f"torch.{op.name}", getattr(torch, op.name)
        if form == "F" and hasattr(F, op.name):
            return f"F.{op.name}", getattr(F, op.name)
        if form == "linalg" and hasattr(torch.linalg, op.name):
            return f"torch.linalg.{op.name}", getattr(torch.linalg, op.name)
        if form == "method" and hasattr(torch.Tensor, op.method_name or op.name):
            name = op.method_name or op.name
            return f"x.{name}", lambda x, *a, **k: getattr(x, name)(*a, **k)
    return None, None


def torch_forms(op, torch) -> dict:
    """Which of the row's forms PyTorch itself offers."""
    F = torch.nn.functional
    have = {"torch": hasattr(torch, op.name), "F": hasattr(F, op.name),
            "method": hasattr(torch.Tensor, op.method_name or op.name),
            "inplace": hasattr(torch.Tensor, op.name + "_"), "linalg": hasattr(torch.linalg, op.name)}
    return {f: have[f] for f in op.forms if f in have}


def torch_run(case_id, op, sample, torch):
    """PyTorch's record of the case: outputs (values, dtype, shape, grad_fn)
    and the loss gradients, or the error it raises."""
    label, fn = torch_callable(op, torch)
    if fn is None:
        return {"error": "no PyTorch form"}

    def make(arr, rg):
        return torch.tensor(np.array(arr), requires_grad=rg)
    args, kwargs, leaf_map = build(case_id, sample, make)
    try:
        res = fn(*args, **kwargs)
    except Exception as e:          # the sample itself is wrong for PyTorch
        return {"form": label, "error": f"{type(e).__name__}: {e}"}
    outs = list(res) if isinstance(res, (tuple, list)) else [res]
    outs = [o for o in outs if isinstance(o, torch.Tensor)]
    rec = {"form": label, "outputs": []}
    for o in outs:
        d = describe(o.detach().numpy())
        d["dtype"] = str(o.dtype).replace("torch.", "")
        d["grad_fn"] = type(o.grad_fn).__name__ if o.grad_fn is not None else None
        rec["outputs"].append(d)
    floats = [(o, w) for o, w in zip(outs, weights(case_id, outs)) if o.is_floating_point() and o.requires_grad]
    grads = {p: None for p in leaf_map}
    if floats and leaf_map:
        loss = sum((o * torch.tensor(w, dtype=o.dtype)).sum() for o, w in floats)
        res_g = torch.autograd.grad(loss, list(leaf_map.values()), allow_unused=True)
        grads = {p: (None if g is None else describe(g.numpy())) for p, g in zip(leaf_map, res_g)}
    rec["grads"] = grads
    return rec
