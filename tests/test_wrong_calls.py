"""Wrong calls of every torch, F and tensor-method name a script reaches are
clear errors (exit 1), never a crash of gradcli (exit 3)."""
from __future__ import annotations

import warnings

import pytest

from gradcli.ops import names
from gradcli.session import run_source

PRELUDE = "import torch\nimport torch.nn.functional as F\nx = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)\n"


def wrong_calls():
    calls = []
    for n in sorted(names.TORCH):
        if callable(names.TORCH[n]) and not n[0].isupper():
            calls.append(f"torch.{n}(x, foo=1); torch.{n}(x, 1, 2, 3, 4, 5, 6, 7, 8); torch.{n}(x, 'a'); "
                         f"torch.{n}(x, [1, 2]); torch.{n}()")
    for n in sorted(names.FUNCTIONAL):
        calls.append(f"F.{n}(x, foo=1); F.{n}(); F.{n}(x, x, 'a'); F.{n}(x, 1.5)")
    for n in sorted(names.METHODS):
        calls.append(f"x.{n}(foo=1); x.{n}('a'); x.{n}(1, 2, 3, 4, 5, 6, 7)")
    return calls


@pytest.mark.parametrize("calls", wrong_calls())
def test_wrong_calls_are_clear_errors(calls):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for call in calls.split("; "):
            try:
                r = run_source(PRELUDE + f"y = {call}\n")
            except Exception as e:            # noqa: BLE001 (the failure this test looks for)
                pytest.fail(f"{call}: gradcli crashed: {type(e).__name__}: {e}")
            assert r.exit_code in (0, 1), f"{call}: exit {r.exit_code}"
