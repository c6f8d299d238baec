"""Record PyTorch's matrix-vector products and loss reductions whose order
of additions gradcli reproduces (gradcli/engine/blas.py, engine/cascade.py):
``mm``, ``mv`` and ``addmm`` read a column at a time or of at most four
terms, and ``mse_loss``/``nll_loss`` reduced over a batch.

Run with the oracle (torch==2.13.0) installed, from the repository:

    python tests/goldens/make_matmul_goldens.py

Writes tests/goldens/matmul_orders.json; tests/test_matmul_order.py checks
gradcli against it (inputs are remade from each case's seed).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from matmul_cases import THREADS, loss_cases, loss_inputs, product_cases, product_inputs  # noqa: E402
from unary_cases import digest  # noqa: E402

OUT = Path(__file__).resolve().parent / "matmul_orders.json"


def product(case):
    a, b, c = (None if x is None else torch.from_numpy(x) for x in product_inputs(case))
    if case["op"] == "mm":
        return torch.mm(a, b).numpy()
    if case["op"] == "mv":
        return torch.mv(a, b).numpy()
    return torch.addmm(c, a, b).numpy()


def loss(case):
    x, t, w = (None if v is None else torch.from_numpy(v) for v in loss_inputs(case))
    if case["op"] == "mse_loss":
        return torch.nn.functional.mse_loss(x, t, reduction=case["reduction"]).numpy()
    return torch.nn.functional.nll_loss(x, t, weight=w, reduction=case["reduction"],
                                        ignore_index=case["ignore_index"]).numpy()


def main():
    torch.set_num_threads(THREADS)
    products = [dict(c, sha256=digest(product(c))) for c in product_cases()]
    losses = [dict(c, sha256=digest(loss(c))) for c in loss_cases()]
    OUT.write_text(json.dumps({"threads": THREADS, "products": products, "losses": losses}, indent=0) + "\n")
    print(f"wrote {len(products)} products and {len(losses)} losses to {OUT}")


if __name__ == "__main__":
    main()
