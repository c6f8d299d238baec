"""Errors word for word as PyTorch 2.13 words them, for calls it refuses
(tests/op_error_cases.py; answers in tests/goldens/op_errors.json)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from gradcli.session import run_source
from op_error_cases import CASES

GOLDEN = json.loads((Path(__file__).parent / "goldens" / "op_errors.json").read_text())
# PyTorch's error classes that scripts see under a plainer name.
KINDS = {"_LinAlgError": "RuntimeError"}


@pytest.mark.parametrize("case", sorted(CASES))
def test_error_words_match_pytorch(case):
    kind, message = GOLDEN[case]
    r = run_source(f"import torch\nimport torch.nn.functional as F\ny = {CASES[case]}\n")
    assert r.exit_code == 1, f"exit {r.exit_code}"
    assert r.error.message == message
    assert r.error.kind == KINDS.get(kind, kind)


def test_goldens_are_current():
    torch = pytest.importorskip("torch")
    import sys
    sys.path.insert(0, str(Path(__file__).parent / "goldens"))
    from make_op_error_goldens import answer
    assert torch.__version__.startswith("2.13")
    assert {k: answer(src) for k, src in CASES.items()} == GOLDEN


@pytest.mark.parametrize("script, printed", [
    ("x = torch.tensor([0.4, 1.6], requires_grad=True)\nprint(round(x))\n",
     "tensor([0., 2.], grad_fn=<RoundBackward0>)\n"),                     # bare round is torch.round (§3.8)
    ("x = torch.tensor(2.0, requires_grad=True)\nprint(x.transpose(0, 0))\n",
     "tensor(2., grad_fn=<TransposeBackward0>)\n"),
])
def test_calls_that_used_to_crash(script, printed):
    from gradcli.render.pytext import print_text
    r = run_source("import torch\n" + script)
    assert r.exit_code == 0
    shown = "".join(print_text(ev.values, ev.sep, ev.end) for ev in r.events if ev.kind == "print")
    assert shown == printed
