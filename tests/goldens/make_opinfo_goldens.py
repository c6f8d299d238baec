"""Record PyTorch's OpInfo samples (op_db) for the ops gradcli offers,
cropped small, with PyTorch's answers, for tests/test_opinfo.py to replay
without torch.

Run with the oracle extra installed (torch==2.13.0, expecttest):

    python tests/goldens/make_opinfo_goldens.py

Writes tests/goldens/opinfo.json.
"""
from __future__ import annotations

import json
import os
import sys

import torch
from torch.testing._internal.common_methods_invocations import op_db

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
from opinfo_cases import collect  # noqa: E402

OUT = os.path.join(HERE, "opinfo.json")


def main():
    torch.manual_seed(0)
    records, skipped = collect(torch, op_db)
    with open(OUT, "w") as f:
        json.dump({"records": records, "skipped": skipped}, f, indent=0, sort_keys=True)
    print(f"wrote {len(records)} OpInfo entries ({len(skipped)} skipped) to {OUT}")


if __name__ == "__main__":
    main()
