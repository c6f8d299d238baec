"""PyTorch's own OpInfo samples (torch.testing._internal's op_db) for the ops
gradcli's rows offer, cropped small, with PyTorch's answers; and the same
calls made in gradcli. Shared by tests/test_opinfo.py (live, and from the
recorded tests/goldens/opinfo.json) and tests/goldens/make_opinfo_goldens.py.

A record: {"op", "variant", "call" (how gradcli reaches it), "samples": [
{"args", "kwargs", "outputs": [{"dtype", "shape", "values", "grad_fn",
"text"}], "grads": [...]} ]} with tensors as {"tensor": values, "dtype",
"shape", "requires_grad"}. The loss is the sum of every floating output.
"""
from __future__ import annotations

import numpy as np

from gradcli.engine import autograd as AG
from gradcli.engine import dtypes as D
from gradcli.engine.tensor import Tensor
from gradcli.ops import names

MAX_SAMPLES = 4
MAX_SIDE = 3


# OpInfo entries whose op is a wrapper with another argument order: its method.
METHOD_ENTRIES = {"where"}


def gradcli_call(op_name: str):
    """(label, function, is_method) of an OpInfo name in gradcli, or None."""
    if op_name in METHOD_ENTRIES:
        return f"x.{op_name}", names.METHODS[op_name], True
    if op_name.startswith("nn.functional."):
        n = op_name[len("nn.functional."):]
        return (f"F.{n}", names.FUNCTIONAL[n], False) if n in names.FUNCTIONAL else None
    if op_name.startswith("linalg."):
        n = op_name[len("linalg."):]
        return (f"torch.linalg.{n}", names.LINALG[n], False) if n in names.LINALG else None
    if "." in op_name:
        return None
    if op_name in names.TORCH and not isinstance(names.TORCH[op_name], D.DType):
        return f"torch.{op_name}", names.TORCH[op_name], False
    if op_name in names.METHODS:
        return f"x.{op_name}", names.METHODS[op_name], True
    return None


# ***** PyTorch side *****

def _crop(t, torch):
    """A tensor cut to at most MAX_SIDE along each dim."""
    idx = tuple(slice(0, MAX_SIDE) for _ in range(t.dim()))
    return t[idx] if t.dim() else t


class Unsupported(Exception):
    pass


def encode(v, torch):
    if isinstance(v, torch.Tensor):
        c = _crop(v.detach(), torch)
        return {"tensor": c.tolist(), "dtype": str(c.dtype).replace("torch.", ""), "shape": list(c.shape),
                "requires_grad": bool(v.requires_grad and c.is_floating_point())}
    if isinstance(v, torch.dtype):
        return {"dtype_arg": str(v).replace("torch.", "")}
    if isinstance(v, (bool, int, float, str)) or v is None:
        if isinstance(v, float) and (v != v or v in (float("inf"), float("-inf"))):
            return {"float": repr(v)}
        return v
    if isinstance(v, (list, tuple)):
        return {"seq": [encode(x, torch) for x in v], "tuple": isinstance(v, tuple)}
    raise Unsupported(type(v).__name__)


def decode(v, make_tensor, dtype_of):
    if isinstance(v, dict):
        if "tensor" in v:
            return make_tensor(v)
        if "dtype_arg" in v:
            return dtype_of(v["dtype_arg"])
        if "float" in v:
            return float(v["float"])
        if "seq" in v:
            items = [decode(x, make_tensor, dtype_of) for x in v["seq"]]
            return tuple(items) if v["tuple"] else items
    return v


def torch_tensor(d, torch):
    dt = getattr(torch, d["dtype"])
    t = torch.tensor(d["tensor"], dtype=dt).reshape(d["shape"])
    return t.requires_grad_(d["requires_grad"])


def _outputs(res, torch):
    if isinstance(res, torch.Tensor):
        return [res]
    if isinstance(res, (tuple, list)):
        return [r for r in res if isinstance(r, torch.Tensor)]
    return []


# Ops whose result PyTorch leaves uninitialized: no values to compare
# (tests/scripts/create_new_factories.py checks new_empty's shape and dtype).
UNINITIALIZED = frozenset(("new_empty",))
# Variants whose op is a composite around the function they name: their
# samples' answers are not that function's (pinv's 'singular' is pinv(a @ b.mT),
# lstsq's 'grad_oriented' keeps two of its four results)
COMPOSITE = frozenset((("linalg.pinv", "singular"), ("linalg.lstsq", "grad_oriented")))


def collect(torch, op_db):
    """Records of every op_db entry gradcli's rows offer."""
    from gradcli.ops import random
    drawn = set(random.RANDOM_TORCH) | set(random.RANDOM_METHODS) | set(random.RANDOM_FUNCTIONAL)
    records, skipped = [], []
    for op in op_db:
        where = gradcli_call(op.name)
        if where is None:
            continue
        if op.name.rsplit(".", 1)[-1] in drawn:
            skipped.append((op.name, op.variant_test_name, "draws random numbers (tests/test_random.py)"))
            continue
        if op.name in UNINITIALIZED:
            skipped.append((op.name, op.variant_test_name, "its values are uninitialized memory in PyTorch"))
            continue
        if (op.name, op.variant_test_name) in COMPOSITE:
            skipped.append((op.name, op.variant_test_name, "its op is a composite around the function it names"))
            continue
        label, _, is_method = where
        rec = {"op": op.name, "variant": op.variant_test_name, "call": label, "samples": []}
        try:
            samples = list(op.sample_inputs("cpu", torch.float32, requires_grad=op.supports_autograd))
        except Exception as e:           # noqa: BLE001 (an OpInfo that cannot make samples here)
            skipped.append((op.name, op.variant_test_name, f"no samples: {type(e).__name__}"))
            continue
        for s in samples:
            if len(rec["samples"]) >= MAX_SAMPLES:
                break
            try:
                args = [encode(s.input, torch)] + [encode(a, torch) for a in s.args]
                kwargs = {k: encode(v, torch) for k, v in s.kwargs.items()}
            except Unsupported:
                continue
            entry = {"args": args, "kwargs": kwargs}
            entry.update(torch_answer(op, is_method, args, kwargs, torch))
            if "error" not in entry:
                rec["samples"].append(entry)
        if rec["samples"]:
            records.append(rec)
        else:
            skipped.append((op.name, op.variant_test_name, "no sample PyTorch accepts once cropped"))
    return records, skipped


def torch_answer(op, is_method, args, kwargs, torch):
    leaves = []

    def make(d):
        t = torch_tensor(d, torch)
        if t.requires_grad:
            leaves.append(t)
        return t
    a = [decode(x, make, lambda n: getattr(torch, n)) for x in args]
    # the leaves in the order the goldens keep the keywords (sorted: json.dump's sort_keys)
    k = {n: decode(kwargs[n], make, lambda n: getattr(torch, n)) for n in sorted(kwargs)}
    try:
        res = op.op(*a, **k)
    except Exception as e:              # noqa: BLE001 (cropping can make a sample invalid)
        return {"error": f"{type(e).__name__}: {e}"}
    outs = _outputs(res, torch)
    rec = {"outputs": [{"dtype": str(o.dtype).replace("torch.", ""), "shape": list(o.shape),
                        "values": [float(x).hex() for x in o.detach().double().reshape(-1).tolist()],
                        "grad_fn": type(o.grad_fn).__name__ if o.grad_fn is not None else None,
                        "text": repr(o)} for o in outs]}
    floats = [o for o in outs if o.is_floating_point() and o.requires_grad]
    grads = []
    if floats and leaves:
        loss = sum(o.sum() for o in floats)
        gs = torch.autograd.grad(loss, leaves, allow_unused=True)
        grads = [None if g is None else [float(x).hex() for x in g.double().reshape(-1).tolist()] for g in gs]
    rec["grads"] = grads
    return rec


# ***** gradcli side *****

def gradcli_check(rec) -> list:
    """Problems of gradcli against the record (empty: the entry passes)."""
    from gradcli.errors import GradcliError
    from gradcli.render.pytext import to_repr
    _, fn, _ = gradcli_call(rec["op"])
    problems = []
    for i, s in enumerate(rec["samples"]):
        leaves = []

        def make(d):
            arr = np.array(d["tensor"], dtype=D.ALIASES[d["dtype"]].np if d["dtype"] in D.ALIASES else None)
            t = Tensor(arr.reshape(d["shape"]), d["requires_grad"])
            if d["requires_grad"]:
                leaves.append(t)
            return t
        try:
            args = [decode(x, make, lambda n: D.ALIASES[n]) for x in s["args"]]
            kwargs = {k: decode(v, make, lambda n: D.ALIASES[n]) for k, v in s["kwargs"].items()}
            res = fn(*args, **kwargs)
        except GradcliError as e:
            problems.append(f"sample {i}: {e.kind}: {e.message}")
            continue
        except Exception as e:          # noqa: BLE001 (reported as a failure of the entry)
            problems.append(f"sample {i}: crash {type(e).__name__}: {e}")
            continue
        outs = [res] if type(res) is Tensor else [r for r in (res if isinstance(res, (tuple, list)) else ())
                                                  if type(r) is Tensor]
        if len(outs) != len(s["outputs"]):
            problems.append(f"sample {i}: {len(outs)} outputs, PyTorch {len(s['outputs'])}")
            continue
        for o, want in zip(outs, s["outputs"]):
            vals = np.array([float.fromhex(x) for x in want["values"]])
            if o.dtype.name != want["dtype"] or list(o.shape) != want["shape"]:
                problems.append(f"sample {i}: {o.dtype.name}{list(o.shape)}, PyTorch {want['dtype']}{want['shape']}")
                continue
            if not np.allclose(o.data.astype(np.float64).reshape(-1), vals, rtol=1e-4, atol=1e-5, equal_nan=True):
                problems.append(f"sample {i}: values differ")
            name = o.grad_fn.name if o.grad_fn is not None else None
            if name != want["grad_fn"]:
                problems.append(f"sample {i}: grad_fn {name}, PyTorch {want['grad_fn']}")
            # NOTE: float32 results may differ from PyTorch's in the last bit
            # (BLAS sums, libm); the text is compared where the values agree
            # to a few units in the last place.
            close = np.allclose(o.data.astype(np.float64).reshape(-1), vals, rtol=4e-7, atol=1e-30, equal_nan=True)
            if close and to_repr(o) != want["text"]:
                problems.append(f"sample {i}: text {to_repr(o)!r}, PyTorch {want['text']!r}")
        floats = [o for o in outs if o.data.dtype.kind == "f" and o.requires_grad]
        if floats and leaves and s["grads"]:
            gos = [np.ones(o.shape, dtype=o.data.dtype) for o in floats]
            try:
                gs = AG.grad(floats, leaves, gos, allow_unused=True)
            except GradcliError as e:
                problems.append(f"sample {i}: backward: {e.message}")
                continue
            for k, (g, want) in enumerate(zip(gs, s["grads"])):
                if want is None:
                    continue
                w = np.array([float.fromhex(x) for x in want])
                got = np.zeros_like(w) if g is None else g.data.astype(np.float64).reshape(-1)
                if got.shape != w.shape or not np.allclose(got, w, rtol=1e-3, atol=1e-4, equal_nan=True):
                    problems.append(f"sample {i}: grad {k} differs")
    return problems
