"""The tutorial-style samples print exactly what PyTorch prints.

Goldens: tests/goldens/samples.json ({sample file: PyTorch's stdout}), made
by tests/goldens/make_sample_goldens.py; live when torch is importable.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gradcli.cli import app

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = json.loads((ROOT / "tests" / "goldens" / "samples.json").read_text())


def _maker():
    spec = importlib.util.spec_from_file_location("make_sample_goldens",
                                                  ROOT / "tests" / "goldens" / "make_sample_goldens.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def gradcli_stdout(name: str) -> str:
    result = CliRunner().invoke(app, ["run", str(ROOT / "samples" / name), "--format", "torch"])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_goldens_cover_every_listed_sample():
    assert sorted(GOLDEN) == sorted(_maker().present())
    assert {"polynomial_sin.py", "two_layer_net.py"} <= set(GOLDEN)


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_sample_matches_recorded_pytorch_output(name):
    assert gradcli_stdout(name) == GOLDEN[name]


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_sample_matches_live_pytorch(name):
    pytest.importorskip("torch")
    assert gradcli_stdout(name) == _maker().torch_stdout(name)
