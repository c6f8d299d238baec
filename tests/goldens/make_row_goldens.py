"""Record PyTorch's answers for the table-driven op-row tests
(tests/test_op_rows.py): per row and sample, the outputs' values, dtype,
shape and grad_fn name, and the gradients of the case's loss; per row,
which of its forms PyTorch offers.

Run with torch installed (the oracle, torch==2.13.0), from the repository:

    python tests/goldens/make_row_goldens.py

Writes tests/goldens/op_rows.json. gradcli itself never imports torch.
"""
from __future__ import annotations

import json
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
from row_cases import cases, public_rows, torch_forms, torch_run  # noqa: E402

OUT = os.path.join(HERE, "op_rows.json")


def main():
    torch.set_default_dtype(torch.float32)
    record = {"forms": {op.key: torch_forms(op, torch) for op in public_rows()}, "cases": {}}
    for case_id, op, _, sample in cases():
        record["cases"][case_id] = torch_run(case_id, op, sample, torch)
    with open(OUT, "w") as f:
        json.dump(record, f, indent=0, sort_keys=True)
    print(f"wrote {len(record['cases'])} cases to {OUT}")


if __name__ == "__main__":
    main()
