"""Record PyTorch's large float32 normals for tests/test_random.py.

Run with the oracle (torch==2.13.0) installed, from anywhere:

    /work/venv/bin/python tests/goldens/make_normal_goldens.py

``tests/goldens/random.json`` covers every function up to 1,000 elements;
these cases are the sizes whose float32 normals go through many runs of
blocks (and several threads): for each case, a digest of the bytes
(``make_random_goldens.digest``), a few values, and the first float32
uniform drawn after it (the stream's position):

    {"SEED/N/MEAN/STD": {"digest": ..., "head": [...], "tail": [...], "next": ...}}
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "normal_large.json"

# (seed, size, mean, std): the benchmark's row, sizes that are and are not
# multiples of 16 and of the kernel's runs, and normal_ with mean and std
CASES = (
    (0, 10_000_000, 0.0, 1.0),
    (1, 65_536, 0.0, 1.0),
    (42, 65_536 * 3 + 16 * 5 + 9, 0.0, 1.0),
    (12345678901, 1_000_003, 0.0, 1.0),
    (3, 300_000, 0.25, 3.5),
)


def key(seed: int, n: int, mean: float, std: float) -> str:
    return f"{seed}/{n}/{mean}/{std}"


def _digest():
    spec = importlib.util.spec_from_file_location("make_random_goldens", HERE / "make_random_goldens.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.digest


def main():
    import torch
    digest = _digest()
    out = {}
    for seed, n, mean, std in CASES:
        torch.manual_seed(seed)
        x = torch.empty(n).normal_(mean, std).numpy()
        nxt = torch.rand(1).item()
        out[key(seed, n, mean, std)] = {"digest": digest("float32", x.shape, x.tobytes()),
                                        "head": x[:4].tolist(), "tail": x[-4:].tolist(), "next": nxt}
    OUT.write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {OUT} ({len(out)} cases)")


if __name__ == "__main__":
    main()
