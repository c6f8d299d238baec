"""Record what PyTorch prints for the tutorial-style samples.

Run with the oracle (torch==2.13.0) installed:

    /work/venv/bin/python tests/goldens/make_sample_goldens.py

Each samples/NAME.py listed in SAMPLES is run as `python samples/NAME.py`
(cwd = repository root) and its stdout written to
tests/goldens/samples/NAME.expected-stdout. tests/test_samples.py compares
gradcli's `--format torch` output with these files (and with a live torch
run when torch is importable).
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
OUT = HERE / "samples"
SAMPLES = ("polynomial_sin", "two_layer_net", "nn_linear_regression", "nn_classifier")


def torch_stdout(name: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    proc = subprocess.run([sys.executable, f"samples/{name}.py"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600, check=True)
    return proc.stdout


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for name in SAMPLES:
        (OUT / f"{name}.expected-stdout").write_text(torch_stdout(name))
        print(f"recorded {name}", file=sys.stderr)


if __name__ == "__main__":
    main()
