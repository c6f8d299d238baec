"""Record PyTorch's float32/float64 unary results for tests/test_unary_bits.py:
per op and dtype, the sha256 of PyTorch's forward values and of the
gradient of ``out.sum()`` on the 100,000 inputs of tests/unary_cases.py
(and the forward values for other sizes and layouts)
(NaNs made one NaN), how many elements gradcli's differ in, and, when few
differ, their positions and PyTorch's values there.

Run with torch installed (the oracle, torch==2.13.0), from the repository:

    python tests/goldens/make_unary_goldens.py

Writes tests/goldens/unary_bits.json and prints the table of differing
counts. gradcli itself never imports torch.
"""
from __future__ import annotations

import json
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
from unary_cases import (DTYPES, LAYOUT_OPS, LAYOUTS, OPS, canonical, describe_diff, digest, gradcli_forward,  # noqa: E402
                         gradcli_run, inputs, layout_base, layout_view, torch_forward, torch_run)

OUT = os.path.join(HERE, "unary_bits.json")


def main():
    torch.set_num_threads(2)                # where PyTorch's loops split (engine/cpu_loop.py)
    os.environ["OMP_NUM_THREADS"] = "2"
    # NOTE: the counts are gradcli's without MKL (engine/mkl.py); with MKL the
    # test asks the MKL functions for PyTorch's bits everywhere
    from gradcli.engine import mkl
    mkl._STATE["lib"], mkl.MISSING = None, True
    record = {}
    print(f"{'op':<12}{'dtype':<9}{'forward':>9}{'grad':>9}")
    for op in OPS:
        for dt in DTYPES:
            x = inputs(op, dt)
            with np.errstate(all="ignore"):
                mine = gradcli_run(op, x)
            theirs = torch_run(op, x, torch)
            entry = {kind: describe_diff(canonical(t), m) for kind, t, m in zip(("forward", "grad"), theirs, mine)}
            record[f"{op}/{dt}"] = entry
            print(f"{op:<12}{dt:<9}{entry['forward']['count']:>9}{entry['grad']['count']:>9}", flush=True)
    for op in LAYOUT_OPS:
        for dt in DTYPES:
            base = layout_base(op, dt)
            for layout in LAYOUTS:
                mine = gradcli_forward(op, layout_view(base, layout))
                theirs = torch_forward(op, layout_view(torch.from_numpy(base), layout), torch)
                record[f"{op}/{dt}/{layout}"] = {"forward": describe_diff(canonical(theirs), mine)}
    with open(OUT, "w") as f:
        json.dump(record, f, indent=0, sort_keys=True)
    print(f"wrote {len(record)} entries to {OUT}")


if __name__ == "__main__":
    main()
