"""Record what real PyTorch does with every script in tests/scripts/.

Run with the oracle (torch==2.13.0) installed, from anywhere:

    /work/venv/bin/python tests/goldens/make_script_goldens.py [NAME ...]

(with names, only those scripts are re-recorded)

Each tests/scripts/NAME.py is run as `python tests/scripts/NAME.py` (the
interpreter running this file, cwd = repository root) and
tests/goldens/scripts.json is written: a list, sorted by name, of

    {"name": NAME,
     "stdout": what the script printed, with the object addresses of printed
               grad_fn objects removed ("<MulBackward0 object at 0x7f..>" ->
               "<MulBackward0 object>", which is how gradcli prints them),
     "exit_code": 0 or 1,
     "stderr_kinds": [[kind, line], ...] in order: ["UserWarning", 6] for each
               warning the script triggered, then [ErrorType, line] for the
               uncaught exception (line of the script's own traceback frame),
     "error_message": text after "ErrorType: " on the traceback's error line
               (the first line of a message of several lines), or null (no error, or an error without a message, like a bare
               `assert`),
     "warning_messages": only when the script warned: the text of each
               warning of stderr_kinds, in order (all its lines)}

All scripts run in one PyTorch process (tests/goldens/torch_batch.py: torch
imported once, a forked child per script). tests/test_scripts.py imports
`torch_records` from here for its live comparisons.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SCRIPTS = ROOT / "tests" / "scripts"
OUT = HERE / "scripts.json"

ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+>")
WARNING_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+): (?P<kind>[A-Za-z_][\w.]*Warning): ")
FRAME_LINE = re.compile(r'^  File "(?P<file>.+?)", line (?P<line>\d+), in ')
ERROR_LINE = re.compile(r"^(?P<kind>[A-Za-z_][\w.]*)(?:: (?P<msg>.*))?$")


def script_paths() -> list[Path]:
    paths = sorted(SCRIPTS.glob("*.py"))
    for p in paths:
        # a script called torch.py would shadow the real torch for every script
        assert p.stem != "torch", p
    return paths


def normalise_stdout(text: str) -> str:
    return ADDRESS.sub(">", text)


def _same_script(reported: str, script: Path) -> bool:
    try:
        return Path(reported).resolve() == script.resolve()
    except OSError:
        return False


def parse_torch_stderr(stderr: str, script: Path) -> tuple[list[list], str | None, list[str]]:
    """(stderr_kinds, error_message, warning_messages) from the stderr of `python script`."""
    kinds: list[list] = []
    warned: list[str] = []
    lines = stderr.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        m = WARNING_LINE.match(line)
        if m and _same_script(m.group("file"), script):
            kinds.append([m.group("kind"), int(m.group("line"))])
            # the message goes on until Python's echo of the source line (indented)
            i += 1
            text = [line[m.end():]]
            while i < len(lines) and not lines[i].startswith("  ") and not WARNING_LINE.match(lines[i]) \
                    and not lines[i].startswith("Traceback (most recent call last):"):
                text.append(lines[i])
                i += 1
            warned.append("\n".join(text))
            continue
        if line.startswith("Traceback (most recent call last):"):
            frame_line = None
            for rest in lines[i + 1:]:
                f = FRAME_LINE.match(rest)
                if f and _same_script(f.group("file"), script):
                    frame_line = int(f.group("line"))
            # the error's first line: the first unindented line after the frames
            # (a message may go on over more lines; only its first is recorded)
            last = next((l for l in lines[i + 1:] if l.strip() and not l.startswith(" ")), "")
            e = ERROR_LINE.match(last)
            if e is None:
                raise ValueError(f"cannot read the error type from {last!r} ({script.name})")
            if frame_line is None:
                raise ValueError(f"no frame of {script.name} in the traceback")
            kinds.append([e.group("kind"), frame_line])
            return kinds, e.group("msg"), warned
        i += 1
    return kinds, None, warned


def record(script: Path, stdout: str, stderr: str, exit_code: int) -> dict:
    """The golden record of one run of ``python script``."""
    if exit_code not in (0, 1):
        raise RuntimeError(f"{script.name}: exit code {exit_code}\n{stderr}")
    kinds, message, warned = parse_torch_stderr(stderr, script)
    if exit_code == 1 and (not kinds or kinds[-1][0].endswith("Warning")):
        raise RuntimeError(f"{script.name}: exit code 1 without a traceback\n{stderr}")
    rec = {
        "name": script.stem,
        "stdout": normalise_stdout(stdout),
        "exit_code": exit_code,
        "stderr_kinds": kinds,
        "error_message": message,
    }
    if warned:
        rec["warning_messages"] = warned
    return rec


def torch_records(scripts: list[Path], python: str | None = None) -> list[dict]:
    """Run every script under PyTorch: one torch process per core
    (torch_batch.py imports torch once and forks a child per script)."""
    from concurrent.futures import ThreadPoolExecutor
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONIOENCODING"] = "utf-8"
    rels = [str(s.resolve().relative_to(ROOT)) for s in scripts]
    n = max(1, min(os.cpu_count() or 1, 4, len(rels)))
    chunks = [rels[i::n] for i in range(n)]

    def run(chunk):
        proc = subprocess.run([python or sys.executable, str(HERE / "torch_batch.py"), *chunk], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=600)
        if proc.returncode != 0:
            raise RuntimeError(f"torch_batch.py failed\n{proc.stderr}")
        return json.loads(proc.stdout)
    with ThreadPoolExecutor(max_workers=n) as pool:
        by_path = {r["path"]: r for runs in pool.map(run, chunks) for r in runs}
    return [record(s, by_path[rel]["stdout"], by_path[rel]["stderr"], by_path[rel]["exit_code"])
            for s, rel in zip(scripts, rels)]


def main(names: list[str]) -> None:
    """Record every script, or only ``names`` (keeping the other records)."""
    import torch  # noqa: F401  -- fail early without the oracle

    print(f"torch {torch.__version__}", file=sys.stderr)
    paths = script_paths()
    old = {}
    if names:
        old = {r["name"]: r for r in json.loads(OUT.read_text())} if OUT.exists() else {}
        paths = [p for p in paths if p.stem in names]
    records = torch_records(paths)
    if names:
        known = {p.stem for p in script_paths()}
        old.update({r["name"]: r for r in records})
        records = [old[n] for n in sorted(old) if n in known]
    for rec in records:
        status = "ok" if rec["exit_code"] == 0 else f"{rec['stderr_kinds'][-1][0]} (line {rec['stderr_kinds'][-1][1]})"
        print(f"{rec['name']}: {status}", file=sys.stderr)
    OUT.write_text(json.dumps(records, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} scripts to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
