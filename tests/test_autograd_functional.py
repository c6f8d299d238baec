"""torch.autograd.functional and gradcheck in scripts, beyond the script
goldens: the whole text of a GradcheckError (several lines; the goldens
record its first), and values checked against PyTorch live."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from inprocess import run_cli

ROOT = Path(__file__).resolve().parent.parent

# What PyTorch 2.13 prints after "GradcheckError: " for tests/scripts/autograd_gradcheck_float32_error.py
FLOAT32_MISMATCH = """Jacobian mismatch for output 0 with respect to input 0,
numerical:tensor([[ 3.8147,  0.0000],
        [ 0.0000, 11.4441],
        [25.7492,  0.0000],
        [ 0.0000,  0.9537]])
analytical:tensor([[ 3.0000,  0.0000],
        [ 0.0000, 12.0000],
        [27.0000,  0.0000],
        [ 0.0000,  0.7500]])
"""

DISTORTED_MISMATCH = """Jacobian mismatch for output 0 with respect to input 0,
numerical:tensor([[2.0000, 0.0000],
        [0.0000, 2.0000]], dtype=torch.float64)
analytical:tensor([[6., 0.],
        [0., 6.]], dtype=torch.float64)
"""

CASES = [("autograd_gradcheck_float32_error", FLOAT32_MISMATCH),
         ("autograd_gradcheck_fail", DISTORTED_MISMATCH)]


def _gradcli_message(name: str) -> str:
    proc = run_cli(["run", f"tests/scripts/{name}.py", "--format", "torch"], cwd=ROOT)
    assert proc.returncode == 1, proc.stderr
    head = "torch.autograd.gradcheck.GradcheckError: "
    text = proc.stderr[proc.stderr.index(head) + len(head):]
    # the message ends with a newline: an empty line, then the source echo
    return text[:text.index("\n\n") + 1]


@pytest.mark.parametrize("name,expected", CASES)
def test_gradcheck_error_text(name, expected):
    assert _gradcli_message(name).rstrip("\n") == expected.rstrip("\n")


@pytest.mark.parametrize("name,expected", CASES)
def test_gradcheck_error_text_live(name, expected):
    pytest.importorskip("torch")
    import subprocess
    import sys
    proc = subprocess.run([sys.executable, f"tests/scripts/{name}.py"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    m = re.search(r"GradcheckError: (.*)\Z", proc.stderr, re.S)
    assert m is not None, proc.stderr
    assert m.group(1).rstrip("\n") == expected.rstrip("\n")
