"""Record PyTorch's error type and message for each call of
tests/op_error_cases.py, for tests/test_op_errors.py.

    python tests/goldens/make_op_error_goldens.py     (with torch==2.13.0)

Writes tests/goldens/op_errors.json.
"""
from __future__ import annotations

import json
import os
import sys
import warnings

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
from op_error_cases import CASES  # noqa: E402


def answer(src):
    env = {"torch": torch, "F": F}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            eval(src, env)           # the generator's own fixed cases; PyTorch side only
        except Exception as e:       # noqa: BLE001
            return [type(e).__name__, str(e)]
    return None


def main():
    out = {k: answer(src) for k, src in CASES.items()}
    with open(os.path.join(HERE, "op_errors.json"), "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
