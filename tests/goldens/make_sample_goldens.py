"""Record what real PyTorch prints for the samples in SAMPLES.

Run with the oracle (torch==2.13.0) installed, from anywhere:

    /work/venv/bin/python tests/goldens/make_sample_goldens.py

Writes tests/goldens/samples.json: {sample file name: its stdout under
`python samples/NAME`}. tests/test_samples.py compares gradcli's
`run --format torch` output with it (and with a live run when torch is
importable).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
OUT = HERE / "samples.json"

# samples whose output is PyTorch's, byte for byte
SAMPLES = ["nn_linear_regression.py", "nn_classifier.py", "polynomial_sin.py", "two_layer_net.py",
           "minibatch_training.py", "small_cnn.py"]


def present() -> list:
    """The SAMPLES that exist in this tree."""
    return [name for name in SAMPLES if (ROOT / "samples" / name).exists()]


def torch_stdout(name: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    proc = subprocess.run([sys.executable, str(ROOT / "samples" / name)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=True)
    return proc.stdout


def main() -> None:
    import torch  # noqa: F401  -- fail early without the oracle
    names = present()
    OUT.write_text(json.dumps({name: torch_stdout(name) for name in names}, indent=1) + "\n")
    print(f"wrote {len(names)} samples to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
