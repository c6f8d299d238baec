"""Record PyTorch's float32 softmax and log_softmax over the last dim, and
their gradients, which gradcli computes as PyTorch's kernel does
(gradcli/ops/cpu_kernels.py: SLEEF's exp and log, vec::reduce_all's order,
the fused multiply-add of the log_softmax gradient).

Run with the oracle (torch==2.13.0) installed, from the repository:

    python tests/goldens/make_softmax_goldens.py

Writes tests/goldens/softmax_bits.json; tests/test_softmax_bits.py checks
gradcli against it (inputs are remade from each case's seed).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from test_softmax_bits import CASES, case_inputs  # noqa: E402
from unary_cases import digest  # noqa: E402

OUT = Path(__file__).resolve().parent / "softmax_bits.json"


def main():
    out = []
    for case in CASES:
        x, g = (torch.from_numpy(v) for v in case_inputs(case))
        x.requires_grad_()
        y = getattr(torch, case["op"])(x, -1)
        y.backward(g)
        out.append(dict(case, forward=digest(y.detach().numpy()), grad=digest(x.grad.numpy())))
    OUT.write_text(json.dumps(out, indent=0) + "\n")
    print(f"wrote {len(out)} cases to {OUT}")


if __name__ == "__main__":
    main()
