"""The bit-for-bit cases of the unary functions, shared by
tests/test_unary_bits.py and tests/goldens/make_unary_goldens.py: per op,
100,000 inputs from a fixed seed over the op's domain (uniform over its
typical range, log-uniform over wide magnitudes, and special values), the
forward value and the first derivative (the gradient of ``out.sum()``)
computed by gradcli and by PyTorch.

Run as a script with torch installed, it prints the table of differing
elements per op and dtype:

    python tests/unary_cases.py [op ...]
"""
from __future__ import annotations

import hashlib
import sys
import zlib

import numpy as np

from gradcli.engine import autograd as AG
from gradcli.engine.tensor import Tensor
from gradcli.ops import names

N = 100_000
DTYPES = ("float32", "float64")

# op: (typical low, typical high, wide magnitudes as log10 low/high, sign of the wide part: 1 positive, 0 both,
#      extra arguments)
DOMAINS = {
    "sin": (-10, 10, (-30, 30), 0), "cos": (-10, 10, (-30, 30), 0), "tan": (-10, 10, (-30, 30), 0),
    "exp": (-10, 10, (-30, 2.1), 0), "exp2": (-10, 10, (-30, 2.3), 0), "expm1": (-10, 10, (-30, 2.1), 0),
    "log": (0, 10, (-40, 38), 1), "log2": (0, 10, (-40, 38), 1), "log10": (0, 10, (-40, 38), 1),
    "log1p": (-1, 10, (-40, 38), 1),
    "sqrt": (0, 10, (-40, 38), 1), "rsqrt": (0, 10, (-40, 38), 1), "reciprocal": (-10, 10, (-38, 38), 0),
    "tanh": (-5, 5, (-30, 2), 0), "sigmoid": (-10, 10, (-30, 2.1), 0),
    "asin": (-1, 1, (-30, 0), 0), "acos": (-1, 1, (-30, 0), 0), "atan": (-10, 10, (-30, 30), 0),
    "sinh": (-10, 10, (-30, 2), 0), "cosh": (-10, 10, (-30, 2), 0),
    "asinh": (-10, 10, (-30, 30), 0), "acosh": (1, 10, (0, 30), 1), "atanh": (-1, 1, (-30, 0), 0),
    "erf": (-4, 4, (-30, 1), 0), "deg2rad": (-360, 360, (-30, 30), 0),
    "elu": (-10, 10, (-30, 2), 0), "logsigmoid": (-20, 20, (-30, 2), 0), "silu": (-10, 10, (-30, 2), 0),
    "softplus": (-20, 20, (-30, 2), 0), "gelu": (-6, 6, (-30, 2), 0),
    "selu": (-10, 10, (-30, 2), 0), "celu": (-10, 10, (-30, 2), 0), "mish": (-20, 20, (-30, 2), 0),
    "hardswish": (-6, 6, (-30, 30), 0), "hardsigmoid": (-6, 6, (-30, 30), 0), "softsign": (-10, 10, (-30, 30), 0),
    "tanhshrink": (-5, 5, (-30, 2), 0), "erfc": (-10, 10, (-30, 1.5), 0), "erfinv": (-1, 1, (-30, 0), 0),
    "digamma": (-10, 20, (-30, 30), 0), "lgamma": (-10, 40, (-30, 30), 0),
}
# exact by construction in PyTorch too (no rounding, or one), here for their signed zeros, NaNs and gradients
DOMAINS.update({op: (-10, 10, (-30, 30), 0) for op in ("abs", "neg", "square", "sign", "floor", "ceil", "trunc", "round",
                                                      "frac", "relu", "leaky_relu", "hardtanh", "relu6")})
F_ONLY = ("elu", "softplus", "leaky_relu", "hardtanh", "relu6")
OPS = tuple(DOMAINS)
SPECIAL = (0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, 1e-45, -1e-45, 1.17549435e-38, 3.4028235e38, -3.4028235e38,
           np.inf, -np.inf, np.nan, 88.72283, 88.7, -87.33654, -103.97, 1e-7, np.pi, -np.pi, np.pi / 2)


def inputs(op: str, dtype: str) -> np.ndarray:
    """The op's N inputs: 45% uniform over its typical range, 45% log-uniform
    magnitudes, then the special values, the rest uniform again."""
    lo, hi, (elo, ehi), sign = DOMAINS[op][:4]
    rng = np.random.default_rng(zlib.crc32(f"unary/{op}/{dtype}".encode()))
    n1 = N * 45 // 100
    typical = rng.uniform(lo, hi, n1)
    mags = 10.0 ** rng.uniform(elo, ehi, n1)
    wide = mags if sign else mags * rng.choice((-1.0, 1.0), n1)
    special = np.array(SPECIAL)
    rest = rng.uniform(lo, hi, N - 2 * n1 - special.size)
    with np.errstate(over="ignore"):
        return np.concatenate([typical, wide, special, rest]).astype(dtype)


def digest(a: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(a).tobytes()).hexdigest()


def differing(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Flat positions where a and b differ in their bits (all NaNs equal)."""
    both_nan = np.isnan(a) & np.isnan(b)
    ia = a.view(np.int32 if a.dtype == np.float32 else np.int64)
    ib = b.view(np.int32 if b.dtype == np.float32 else np.int64)
    return np.flatnonzero((ia != ib) & ~both_nan)


def canonical(a: np.ndarray) -> np.ndarray:
    """``a`` with every NaN the same NaN (the sign and payload of a NaN are no contract)."""
    return np.where(np.isnan(a), np.array(np.nan, a.dtype), a)


LISTED = 300      # differing elements recorded one by one up to this many


def describe_diff(theirs: np.ndarray, mine: np.ndarray) -> dict:
    """PyTorch's values as a sha256, and where gradcli's differ (with PyTorch's values there, when few)."""
    pos = differing(theirs, mine)
    d = {"sha": digest(theirs), "count": int(pos.size)}
    if pos.size <= LISTED:
        d["at"] = [[int(i), float(theirs[i]).hex()] for i in pos]
    return d


def patched(mine: np.ndarray, at) -> np.ndarray:
    """gradcli's values with PyTorch's put in at the recorded positions, NaNs made one NaN."""
    out = canonical(mine.reshape(-1)).copy()
    for i, v in at:
        out[i] = float.fromhex(v)
    return out


# Shapes and layouts that take other paths through PyTorch's loops: sizes that are
# not a multiple of the vector step (the scalar tail), and non-contiguous inputs
# (a transposed tensor is still one dense run; a strided one runs scalar).
LAYOUTS = ("n1", "n5", "n31", "n33", "n100", "n40000", "transposed", "strided")
LAYOUT_OPS = ("exp2", "expm1", "log1p", "sinh", "cosh", "atanh", "sigmoid", "silu", "elu", "softplus", "logsigmoid",
              "gelu", "selu", "celu", "mish", "hardswish")


def layout_base(op: str, dtype: str) -> np.ndarray:
    """The memory the layouts view: the op's first 40,000 inputs."""
    return inputs(op, dtype)[:40000].copy()


def layout_view(base, layout: str):
    """The layout's tensor over ``base`` (a numpy array or a torch tensor: the same indexing)."""
    if layout.startswith("n"):
        return base[:int(layout[1:])]
    if layout == "transposed":
        return base[:24 * 40].reshape(24, 40).T
    return base[:40 * 50].reshape(40, 50)[:, ::2]


def gradcli_forward(op: str, x: np.ndarray) -> np.ndarray:
    fn = names.TORCH[op] if op in names.TORCH else names.FUNCTIONAL[op]
    with np.errstate(all="ignore"):
        return np.ascontiguousarray(fn(Tensor(x)).data).reshape(-1)


def torch_forward(op: str, x, torch) -> np.ndarray:
    F = torch.nn.functional
    fn = getattr(torch, op) if hasattr(torch, op) and op not in F_ONLY else getattr(F, op)
    return np.ascontiguousarray(fn(x).numpy()).reshape(-1)


def gradcli_run(op: str, x: np.ndarray):
    """(forward, gradient of out.sum()) by gradcli, through the public function."""
    fn = names.TORCH[op] if op in names.TORCH else names.FUNCTIONAL[op]
    t = Tensor(x.copy(), True)
    out = fn(t)
    (g,) = AG.grad([out], [t], [np.ones_like(out.data)])
    return out.data.reshape(-1), g.data.reshape(-1)


def torch_run(op: str, x: np.ndarray, torch):
    F = torch.nn.functional
    fn = getattr(torch, op) if hasattr(torch, op) and op not in F_ONLY else getattr(F, op)
    t = torch.tensor(x, requires_grad=True)
    out = fn(t)
    (g,) = torch.autograd.grad(out, t, torch.ones_like(out))
    return out.detach().numpy().reshape(-1), g.numpy().reshape(-1)


def table(ops=OPS, dtypes=DTYPES):
    import torch
    print(f"{'op':<12}{'dtype':<9}{'forward':>9}{'grad':>9}")
    for op in ops:
        for dt in dtypes:
            x = inputs(op, dt)
            with np.errstate(all="ignore"):
                gf, gg = gradcli_run(op, x)
            tf, tg = torch_run(op, x, torch)
            print(f"{op:<12}{dt:<9}{differing(gf, tf).size:>9}{differing(gg, tg).size:>9}", flush=True)


if __name__ == "__main__":
    table(tuple(sys.argv[1:]) or OPS)
