"""Record PyTorch's random numbers for tests/test_random.py.

Run with the oracle (torch==2.13.0) installed, from anywhere:

    /work/venv/bin/python tests/goldens/make_random_goldens.py

For each seed and dtype, ``case_script`` writes one script: per case
``torch.manual_seed(SEED)`` then ``vN = EXPRESSION`` (every random function,
every size). The same text runs under real PyTorch (here) and under gradcli
(in the test). tests/goldens/random.json holds, per case, a digest of the
result's dtype, shape and raw bytes (bit-exact; the labels come from
``case_script``), plus the full bits of a few cases so a failure can show
values:

    {"digests": {"SEED/DTYPE": "DIGEST DIGEST ..."}, "full": {"SEED/DTYPE/N": [dtype, shape, hex]}}
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "random.json"

SEEDS = (0, 1, 42, 2 ** 32 + 5, 12345678901)
SIZES = ("()", "(1,)", "(5,)", "(15,)", "(16,)", "(17,)", "(3, 4)", "(33,)", "(100,)", "(1000,)")
MATRICES = ("(3, 4)", "(16, 8)", "(5, 17)", "(100, 10)", "(4, 3, 2, 2)")
DTYPES = ("float32", "float64", "float16")
FULL = ("randn(17", "rand(5", "interleaved")   # labels whose values are stored in full


def _numel(size: str) -> int:
    n = 1
    for s in eval(size):          # test data written here, not user input
        n *= s
    return n


def expressions(dt: str) -> list:
    """(label, expression) pairs: every function at every size."""
    d = f"dtype=torch.{dt}"
    out = []
    for sz in SIZES:
        n = _numel(sz)
        zeros, ones = f"torch.zeros({sz}, {d})", f"torch.ones({sz}, {d})"
        out += [
            (f"rand{sz}", f"torch.rand({sz}, {d})"),
            (f"randn{sz}", f"torch.randn({sz}, {d})"),
            (f"randint(-5, 7){sz}", f"torch.randint(-5, 7, {sz}, {d})"),
            (f"randint(10){sz}", f"torch.randint(10, {sz})"),
            (f"randint(2**40){sz}", f"torch.randint(2 ** 40, {sz})"),
            (f"randint(low=, high=, size=){sz}", f"torch.randint(low=-3, high=4, size={sz}, {d})"),
            (f"randint(high, size=){sz}", f"torch.randint(6, size={sz})"),
            (f"randperm({n})", f"torch.randperm({n})"),
            (f"rand_like{sz}", f"torch.rand_like({zeros})"),
            (f"randn_like{sz}", f"torch.randn_like({zeros})"),
            (f"randint_like{sz}", f"torch.randint_like({zeros}, 3, 9)"),
            (f"normal(f,f){sz}", f"torch.normal(0.5, 2.0, {sz}, {d})"),
            (f"normal(T,f){sz}", f"torch.normal({zeros}, 1.5)"),
            (f"normal(f,T){sz}", f"torch.normal(1.0, {ones})"),
            (f"normal(T,T){sz}", f"torch.normal({zeros}, {ones})"),
            (f"bernoulli(T){sz}", f"torch.bernoulli(torch.full({sz}, 0.3, {d}))"),
            (f"bernoulli(T,p){sz}", f"torch.bernoulli({zeros}, 0.6)"),
            (f"uniform_{sz}", f"torch.empty({sz}, {d}).uniform_(-2, 3)"),
            (f"normal_{sz}", f"torch.empty({sz}, {d}).normal_(1, 0.5)"),
            (f"random_(0,100){sz}", f"torch.empty({sz}, {d}).random_(0, 100)"),
            (f"random_(){sz}", f"torch.empty({sz}, {d}).random_()"),
            (f"bernoulli_{sz}", f"torch.empty({sz}, {d}).bernoulli_(0.4)"),
            (f"exponential_{sz}", f"torch.empty({sz}, {d}).exponential_(2.0)"),
            (f"dropout{sz}", f"torch.nn.functional.dropout({ones}, 0.3)"),
            (f"generator{sz}", f"torch.randn({sz}, generator=torch.Generator().manual_seed(7), {d})"),
        ]
        if n >= 1:
            k = min(n, 3)
            out += [
                (f"multinomial({n},{k})", f"torch.multinomial(torch.arange(1, {n + 1}, {d}), {k})"),
                (f"multinomial({n},5,True)", f"torch.multinomial(torch.arange(1, {n + 1}, {d}), 5, True)"),
            ]
    for sz in MATRICES:
        e = f"torch.empty({sz}, {d})"
        out += [
            (f"kaiming_uniform_{sz}", f"torch.nn.init.kaiming_uniform_({e}, a=5 ** 0.5)"),
            (f"kaiming_normal_{sz}", f"torch.nn.init.kaiming_normal_({e}, mode='fan_out', nonlinearity='relu')"),
            (f"xavier_uniform_{sz}", f"torch.nn.init.xavier_uniform_({e}, gain=2.0)"),
            (f"xavier_normal_{sz}", f"torch.nn.init.xavier_normal_({e})"),
            (f"init.uniform_{sz}", f"torch.nn.init.uniform_({e}, -0.1, 0.1)"),
            (f"init.normal_{sz}", f"torch.nn.init.normal_({e}, 0.0, 0.02)"),
            (f"varargs randn{sz}", f"torch.randn({sz[1:-1]}, {d})"),
            (f"transposed normal_{sz}", f"torch.zeros({sz}, {d}).t().normal_()" if sz.count(",") == 1 else
             f"torch.zeros({sz}, {d}).normal_()"),
        ]
    return out


# float16: uniforms at every size; normals where gradcli is exact (below 16
# elements, or a multiple of 16)
HALF = tuple(f"torch.rand({sz}, dtype=torch.float16)" for sz in SIZES) + tuple(
    f"torch.empty({sz}, dtype=torch.float16).uniform_(-3, 2)" for sz in SIZES) + tuple(
    f"torch.randn({n}, dtype=torch.float16)" for n in (1, 5, 15, 16, 32, 1024)) + (
    "torch.empty(64, dtype=torch.float16).normal_(0.5, 2.0)",)

INTERLEAVED = ("torch.randn(7)", "torch.randn(1)", "torch.rand(3)", "torch.randn(1, dtype=torch.float64)",
               "torch.randn(16)", "torch.randn(1)", "torch.randn(3, dtype=torch.float64)", "torch.randn(2)")


def case_body(dt: str) -> tuple:
    """(script source, labels): one ``vN = ...`` per case, each reseeded
    with ``torch.manual_seed(SEED)``; SEED is set before it runs."""
    lines, labels = ["import torch"], []
    cases = [(e, e) for e in HALF] if dt == "float16" else expressions(dt)
    for i, (label, expr) in enumerate(cases):
        lines += ["torch.manual_seed(SEED)", f"v{i} = {expr}"]
        labels.append(label)
    lines.append("torch.manual_seed(SEED)")
    base = len(labels)
    for j, expr in enumerate(INTERLEAVED):
        lines.append(f"v{base + j} = {expr}")
        labels.append(f"interleaved {j}: {expr}")
    return "\n".join(lines) + "\n", labels


def case_script(seed: int, dt: str) -> tuple:
    body, labels = case_body(dt)
    return f"SEED = {seed}\n" + body, labels


def digest(dtype: str, shape, raw: bytes) -> str:
    h = hashlib.sha256(f"{dtype}|{list(shape)}|".encode())
    h.update(raw)
    return h.hexdigest()[:16]


def torch_values(source: str) -> dict:
    """Run a case script under real PyTorch: name -> numpy array."""
    import torch
    env: dict = {}
    exec(compile(source, "<random cases>", "exec"), env)          # our own generated text
    return {k: v.detach().numpy() for k, v in env.items() if k.startswith("v") and isinstance(v, torch.Tensor)}


def main():
    digests, full = {}, {}
    for seed in SEEDS:
        for dt in DTYPES:
            source, labels = case_script(seed, dt)
            values = torch_values(source)
            row = []
            for i, label in enumerate(labels):
                arr = values[f"v{i}"]
                row.append(digest(str(arr.dtype), arr.shape, arr.tobytes()))
                if any(label.startswith(f) for f in FULL) and seed in (0, 2 ** 32 + 5):
                    full[f"{seed}/{dt}/{i}"] = [str(arr.dtype), list(arr.shape), arr.tobytes().hex()]
            digests[f"{seed}/{dt}"] = " ".join(row)
    OUT.write_text(json.dumps({"digests": digests, "full": full}, indent=0, sort_keys=True) + "\n")
    print(f"wrote {OUT} ({sum(len(r.split()) for r in digests.values())} cases, {len(full)} in full)")


if __name__ == "__main__":
    main()
