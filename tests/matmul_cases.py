"""The cases of tests/test_matmul_order.py and its golden maker: products
whose order of additions gradcli reproduces (engine/blas.py) and loss
reductions over a batch (engine/cascade.py), each remade from its seed."""
from __future__ import annotations

import numpy as np

THREADS = 2


def _matrix(rng, shape, column_major, dtype):
    """A (rows, cols) array, laid out column-major (a transposed view) or row-major."""
    if column_major:
        return (rng.standard_normal(shape[::-1]) * 3).astype(dtype).T
    return (rng.standard_normal(shape) * 3).astype(dtype)


def product_cases() -> list:
    cases, rng = [], np.random.default_rng(2026)
    shapes = [(3, 2000, 1, 1, 0), (64, 100, 1, 1, 0), (2, 5000, 1, 1, 1), (300, 17, 1, 1, 0),
              (1, 2000, 3, 0, 0), (1, 100, 64, 1, 0), (1, 257, 2, 0, 0),
              (2000, 3, 1, 0, 1), (5, 4, 1, 0, 0), (1, 4, 300, 0, 1), (1, 2, 5, 1, 1), (33, 3, 1, 1, 1)]
    # read a row at a time: four-row blocks and one, two or three rows left over
    rows = [(1, 784, 512, 0, 1), (1, 512, 10, 0, 1), (1, 100, 7, 0, 1), (1, 333, 6, 1, 1), (1, 70, 2, 0, 1),
            (2000, 3000, 1, 0, 0), (9, 17, 1, 0, 1), (3, 5, 1, 0, 0), (1, 8, 3, 1, 1)]
    # float64 rows left over are numpy's (dgemv's kernels for them are not modelled): full blocks only
    rows64 = [(1, 784, 512, 0, 1), (1, 101, 8, 1, 1), (400, 37, 1, 0, 0)]
    shapes = ([s + (("float32", "float64"),) for s in shapes] + [s + (("float32",),) for s in rows]
              + [s + (("float64",),) for s in rows64])
    for i, (m, k, n, ta, tb, dtypes) in enumerate(shapes):
        for dtype in dtypes:
            for op in ("mm", "addmm") + (("mv",) if n == 1 else ()):
                cases.append({"op": op, "m": m, "k": k, "n": n, "a_column_major": bool(ta),
                              "b_column_major": bool(tb), "dtype": dtype, "seed": int(rng.integers(1 << 30))})
    for dtype, gemm_shapes in (("float32", GEMM_SHAPES), ("float64", GEMM64_SHAPES)):
        for m, k, n, ta, tb, sliced in gemm_shapes:
            for op in ("mm", "addmm"):
                case = {"op": op, "m": m, "k": k, "n": n, "a_column_major": bool(ta), "b_column_major": bool(tb),
                        "dtype": dtype, "seed": int(rng.integers(1 << 30))}
                cases.append(dict(case, a_sliced=True) if sliced else case)
    return cases


# float32 matrix products (m, n >= 2: MKL's sgemm), a few of each kernel's
# region: (m, k, n, a column-major, b column-major, a sliced from a wider matrix)
GEMM_SHAPES = [
    # the fused kernel: 4+ rows by 12+ columns, k in one block, two halves, blocks of 192
    (16, 8, 16, 0, 1, 0), (30, 2, 16, 0, 1, 0), (4, 30, 40, 1, 0, 0), (8, 5, 100, 0, 0, 0),
    (64, 64, 64, 1, 1, 0), (12, 200, 13, 1, 0, 0), (13, 383, 12, 0, 1, 0), (20, 400, 12, 0, 0, 0),
    # rows split between two threads: the last 1-3 rows through the small kernels
    (6, 20, 17, 0, 0, 0), (7, 40, 30, 0, 1, 0), (5, 300, 14, 1, 1, 0), (10, 3, 120, 1, 0, 0),
    (9, 3, 100, 0, 1, 0), (11, 17, 33, 0, 1, 1),
    # the small kernels: fewer than 4 rows or 12 columns, in each layout
    (30, 16, 3, 0, 1, 0), (16, 3, 8, 0, 1, 0), (8, 16, 3, 1, 0, 0), (3, 30, 16, 1, 0, 0),
    (2, 50, 7, 0, 0, 0), (6, 9, 10, 1, 1, 0), (3, 700, 5, 0, 1, 0), (40, 33, 11, 0, 1, 0),
    (7, 21, 6, 0, 1, 1), (9, 13, 5, 0, 1, 1), (25, 26, 9, 0, 0, 0), (3, 17, 13, 0, 0, 1),
    # one term: the products
    (5, 1, 7, 0, 0, 0),
]
# float64 (dgemm) where its order is known: tiles of 4 rows by 12 columns
# covering the output, any layout; a row-major b of an even column count
GEMM64_SHAPES = [
    (4, 30, 12, 0, 1, 0), (8, 3, 24, 1, 1, 0), (16, 400, 36, 1, 0, 0), (12, 17, 12, 0, 0, 1), (20, 7, 48, 0, 1, 1),
    (5, 40, 14, 0, 0, 0), (30, 9, 26, 1, 0, 0), (3, 60, 8, 0, 0, 1), (17, 300, 2, 1, 0, 0), (9, 2, 30, 0, 0, 0),
]


def product_inputs(case):
    """(a, b, c) of a product case: b is a vector for mv, c the addmm input (None otherwise)."""
    rng = np.random.default_rng(case["seed"])
    dt = np.dtype(case["dtype"])
    a = _matrix(rng, (case["m"], case["k"]), case["a_column_major"], dt)
    if case.get("a_sliced"):
        # columns 1..k of a wider matrix: rows that start 4 bytes past a
        # fresh array's alignment, and longer than k
        wide = _matrix(rng, (case["m"], case["k"] + 3), case["a_column_major"], dt)
        wide[:, 1:case["k"] + 1] = a
        a = wide[:, 1:case["k"] + 1]
    b = _matrix(rng, (case["k"], case["n"]), case["b_column_major"], dt)
    c = (rng.standard_normal(case["n"]) * 3).astype(dt) if case["op"] == "addmm" else None
    if case["op"] == "mv":
        b = np.ascontiguousarray(b[:, 0])
    return a, b, c


def loss_cases() -> list:
    cases, rng = [], np.random.default_rng(7)
    for n in (5, 100, 1000, 5000, 70000):
        for dtype in ("float32", "float64"):
            for reduction in ("sum", "mean"):
                cases.append({"op": "mse_loss", "n": n, "dtype": dtype, "reduction": reduction,
                              "seed": int(rng.integers(1 << 30))})
                for weighted in (False, True):
                    for ignore in (False, True):
                        cases.append({"op": "nll_loss", "n": n, "classes": 7, "dtype": dtype,
                                      "reduction": reduction, "weighted": weighted,
                                      "ignore_index": 3 if ignore else -100, "seed": int(rng.integers(1 << 30))})
    return cases


def loss_inputs(case):
    """(input, target, weight) of a loss case."""
    rng = np.random.default_rng(case["seed"])
    dt = np.dtype(case["dtype"])
    if case["op"] == "mse_loss":
        return (rng.standard_normal(case["n"]) * 3).astype(dt), rng.standard_normal(case["n"]).astype(dt), None
    logp = rng.standard_normal((case["n"], case["classes"])).astype(dt) - dt.type(2)
    target = rng.integers(0, case["classes"], case["n"]).astype(np.int64)
    weight = rng.random(case["classes"]).astype(dt) if case["weighted"] else None
    return logp, target, weight
