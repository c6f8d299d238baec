"""The README's tour is generated: every ```console block that starts with
``$ gradcli ...`` holds the output of that command, run from the repository
root at 80 columns without colour (stdout, then stderr). Regenerate with

    python tests/readme_tour.py

and tests/test_readme.py fails when the README has drifted from the output."""
from __future__ import annotations

import os
import re
import shlex
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BLOCK = re.compile(r"```console\n\$ (gradcli [^\n]*)\n(.*?)```", re.S)


def command_output(command: str) -> str:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from inprocess import run_cli
    args = shlex.split(command)[1:]
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(COLUMNS="80", LINES="50", TERM="dumb")
    r = run_cli(args, cwd=ROOT, env=env)
    text = r.stdout + r.stderr
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def generated(readme: str) -> str:
    return BLOCK.sub(lambda m: f"```console\n$ {m.group(1)}\n{command_output(m.group(1))}```", readme)


TIMING = re.compile(r"\b(in )\d+\.\d+s$|\b\d+\.\d+ ms\b", re.M)


def normalised(text: str) -> str:
    """``text`` with run times masked: they differ from run to run."""
    return TIMING.sub("<time>", text)


def commands(readme: str) -> list[str]:
    return [m.group(1) for m in BLOCK.finditer(readme)]


if __name__ == "__main__":
    README.write_text(generated(README.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"regenerated {len(commands(README.read_text(encoding='utf-8')))} tour blocks in {README}")
