"""Record PyTorch's F.interpolate (every mode but lanczos, float32 and
float64) and its gradient for the cases of tests/test_interpolate_bits.py,
which gradcli computes as PyTorch's CPU kernels do
(gradcli/ops/interpolate.py, interpolate_linear.py, pooling.py).

Run with the oracle (torch==2.13.0) installed, from the repository:

    python tests/goldens/make_interpolate_goldens.py

Writes tests/goldens/interpolate_bits.json (inputs and incoming gradients
are remade from each case's seed).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from test_interpolate_bits import CASES, pytorch  # noqa: E402
from unary_cases import digest  # noqa: E402

OUT = Path(__file__).resolve().parent / "interpolate_bits.json"


def main():
    torch.set_num_threads(2)
    out = []
    for case in CASES:
        y, grad, _ = pytorch(torch, case)
        out.append(dict(case, forward=digest(y), grad=digest(grad)))
    OUT.write_text(json.dumps(out, indent=0) + "\n")
    print(f"wrote {len(out)} cases to {OUT}")


if __name__ == "__main__":
    main()
