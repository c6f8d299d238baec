"""The samples in samples/ print exactly what PyTorch prints (goldens in
tests/goldens/samples.json, made by tests/goldens/make_sample_goldens.py;
live against torch when it is importable)."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = json.loads((ROOT / "tests" / "goldens" / "samples.json").read_text())


def _maker():
    spec = importlib.util.spec_from_file_location("make_sample_goldens",
                                                  ROOT / "tests" / "goldens" / "make_sample_goldens.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_goldens_cover_the_samples():
    assert sorted(GOLDEN) == sorted(_maker().SAMPLES)


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_sample_prints_what_pytorch_prints(gradcli, name):
    r = gradcli("run", ROOT / "samples" / name, "-f", "torch")
    assert r.returncode == 0, r.stderr
    assert r.stdout == GOLDEN[name]


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_sample_golden_is_current(name):
    pytest.importorskip("torch")
    assert _maker().torch_stdout(name) == GOLDEN[name]
