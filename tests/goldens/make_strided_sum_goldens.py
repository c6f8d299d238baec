"""Record PyTorch's float sums over any set of dims for tests/test_cascade.py.

Run with the oracle (torch==2.13.0) installed, from anywhere:

    /work/venv/bin/python tests/goldens/make_strided_sum_goldens.py

``tests/goldens/cascade_sums.json`` covers whole sums, leading and trailing
dims; these cases reduce the other sets of dims (a middle dim, dims apart,
several runs of them), small and above PyTorch's grain (where its threads
split the kept dims), on one thread and on two. For each case, the sha256
of the result's bytes:

    {"cases": [{"seed", "shape", "dtype", "dim", "threads", "sha256"}]}
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
OUT = HERE / "strided_sums.json"

# (shape, dims): a middle dim with few and many columns (blocks of four
# vectors, vectors, scalars), dims apart (inner runs accumulated), three
# runs, and sizes past the grain whose split falls on the columns or not
SHAPES = (
    ((4, 50, 30), (1,)), ((3, 100, 7), (1,)), ((2, 1000, 3), (1,)), ((5, 64, 64), (1,)),
    ((2, 9, 16), (1,)), ((2, 3, 40, 5), (1, 2)), ((8, 33, 17), (0, 2)), ((9, 7, 9), (0, 2)),
    ((6, 4, 11, 5, 9), (0, 3)), ((8, 7, 6, 8, 9), (0, 3, 4)), ((4, 4, 8, 10), (1, 3)),
    ((5, 6, 7, 8, 9), (0, 2, 4)), ((3, 4000, 40), (1,)), ((7, 9000, 9), (1,)), ((64, 512, 3), (1,)),
    ((40, 30, 50), (0, 2)), ((205, 34, 14), (1,)), ((25, 26, 18, 19), (0, 2, 3)), ((2, 3000, 37), (1,)),
    ((33, 40, 70), (1,)), ((1, 6, 1, 50, 1, 33), (3,)),
)


def input_of(case: dict) -> np.ndarray:
    rs = np.random.RandomState(case["seed"])
    return (rs.randn(*case["shape"]) * 100).astype(case["dtype"])


def digest(a: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(a).tobytes()).hexdigest()


def main():
    import torch
    cases = []
    before = torch.get_num_threads()
    try:
        for threads in (1, 2):
            torch.set_num_threads(threads)
            for i, (shape, dims) in enumerate(SHAPES):
                for dtype in ("float32", "float64"):
                    case = {"seed": 2000 + i, "shape": list(shape), "dtype": dtype, "dim": list(dims),
                            "threads": threads}
                    case["sha256"] = digest(torch.from_numpy(input_of(case)).sum(dims).numpy())
                    cases.append(case)
    finally:
        torch.set_num_threads(before)
    OUT.write_text(json.dumps({"torch": torch.__version__, "cases": cases}, indent=1) + "\n")
    print(f"{len(cases)} cases -> {OUT}")


if __name__ == "__main__":
    main()
