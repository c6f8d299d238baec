"""The tutorial-style samples print exactly what PyTorch prints.

Goldens: tests/goldens/samples/*.expected-stdout, made by
tests/goldens/make_sample_goldens.py; live when torch is importable.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gradcli.cli import app

ROOT = Path(__file__).resolve().parent.parent
GOLDENS = ROOT / "tests" / "goldens" / "samples"


def _maker():
    spec = importlib.util.spec_from_file_location("make_sample_goldens",
                                                  ROOT / "tests" / "goldens" / "make_sample_goldens.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SAMPLES = _maker().SAMPLES


def gradcli_stdout(name: str) -> str:
    result = CliRunner().invoke(app, ["run", str(ROOT / "samples" / f"{name}.py"), "--format", "torch"])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_matches_recorded_pytorch_output(name):
    assert gradcli_stdout(name) == (GOLDENS / f"{name}.expected-stdout").read_text()


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_matches_live_pytorch(name):
    pytest.importorskip("torch")
    assert gradcli_stdout(name) == _maker().torch_stdout(name)
