"""The shape of the code: imports point one way (lang -> ops -> engine),
and every op row is reachable and sampled."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from gradcli.ops import names
from gradcli.ops.oprow import ROWS

PKG = Path(__file__).resolve().parent.parent / "gradcli"


def imported_packages(path: Path) -> set[str]:
    """The gradcli subpackages a module imports, at any depth of its code."""
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level >= 2 and node.module:            # from ..ops import x
                found.add(node.module.split(".")[0])
            elif node.level == 0 and node.module and node.module.startswith("gradcli."):
                found.add(node.module.split(".")[1])
            elif node.level >= 2:                          # from .. import ops
                found.update(a.name for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("gradcli."))
    return found


@pytest.mark.parametrize("path", sorted((PKG / "engine").glob("*.py")), ids=lambda p: p.name)
def test_engine_imports_nothing_above_it(path):
    assert not imported_packages(path) & {"ops", "lang", "render", "cli", "session"}


@pytest.mark.parametrize("path", sorted((PKG / "ops").glob("*.py")), ids=lambda p: p.name)
def test_ops_import_neither_lang_nor_render(path):
    assert not imported_packages(path) & {"lang", "render", "cli", "session"}


def test_the_interpreter_calls_no_renderer():
    for name in ("evaluate.py", "runtime.py"):
        assert "render" not in imported_packages(PKG / "lang" / name), name
    # NOTE: interp.py still formats a failed assert's operands with
    # render/pytext.py (Python's repr of script values).
    src = (PKG / "lang" / "interp.py").read_text()
    assert "render.trace_text" not in src


def test_import_checker_sees_function_level_imports(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from ..ops import api\n    from ..render.torch_text import x\n")
    assert imported_packages(probe) == {"ops", "render"}


@pytest.mark.parametrize("op", [op for op in ROWS.values()], ids=lambda op: op.key)
def test_every_row_has_samples_or_a_public_row(op):
    if op.forms:
        assert op.samples, f"op row {op.name!r} has no samples"
        assert op.call is not None, f"op row {op.name!r} has no function"
    else:
        assert op.via, f"internal row {op.key!r} names no public row (via=)"


def test_rows_give_the_names_scripts_reach():
    for op in ROWS.values():
        for name in (op.name,) + op.aliases:
            if "torch" in op.forms:
                fn = names.TORCH[name]
                assert getattr(fn, "__wrapped__", fn) is op.call
            if "F" in op.forms:
                assert names.FUNCTIONAL[name] is op.call
            if "inplace" in op.forms:
                assert name + "_" in names.METHODS


def test_saved_values_are_derived_from_the_rules():
    assert ROWS["mul"].reads == ((1,), (0,))
    assert ROWS["div"].reads == ((1,), (0, 1))
    assert ROWS["exp"].saves == ("out",)
    assert ROWS["sum"].saves == ()           # reads only a.shape
    assert ROWS["max_dim"].reads == ((),) and ROWS["max_dim"].saves == (0,)


def test_readme_op_table_is_current():
    from gradcli.lang.op_table_doc import refresh
    readme = (PKG.parent / "README.md").read_text()
    assert refresh(readme) == readme, "run: python -m gradcli.lang.op_table_doc README.md"
    assert "| `atan2` |" in readme and "Not supported, on purpose" in readme


def test_unsupported_pytorch_names_are_told_apart():
    assert names.pytorch_has("torch", "nanmedian") and "nanmedian" not in names.TORCH
    assert not names.pytorch_has("torch", "nosuchthing")
