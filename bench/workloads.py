"""The benchmark's workloads (SPEC §7), one section each, and their helpers.

Every workload is a function ``(cfg) -> list[Row]``. A row compares one
gradcli number with one reference number (PyTorch, HIPS autograd, the
hand-written numpy floor, CPython) measured in the same run, and carries the
SPEC's target: a ratio (gradcli / reference) or, for the batch row, an
absolute number. A reference that is not installed gives a row with a note
instead of a number. A workload that crashes raises; ``run.py`` reports it.

gradcli runs as users run it, the installed console script in child
processes (rows 1, 2, 5, 6, 7, 8; a script's work is its run minus the run of
the same script without that work), and in this process through
``gradcli.session.run_source`` where numpy does the work (row 3) or a library
function is measured (row 4). PyTorch and autograd are imported here only,
never by gradcli.
"""
from __future__ import annotations

import ast
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Callable, Optional

import numpy as np

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


# ***** configuration and result rows *****

@dataclass
class Config:
    size: str                      # "tiny" | "full"
    repeat: int                    # timed runs per measurement (medians)
    warmup: bool                   # one untimed run first (in-process workloads)
    cold_warmup: bool              # one untimed round of the cold-start children
    # workload sizes
    loop_steps: int                # 2: per-op loop
    mlp: tuple                     # 3: (rows of X, in, hidden, out)
    elementwise: int               # 3: side of A and B
    parse_statements: int          # 4
    literal_side: int              # 5
    batch_files: int               # 6
    chain_ops: int                 # 7
    randn_draws: int = 10_000_000  # 8


def make_config(size: str, repeat: Optional[int]) -> Config:
    if size == "tiny":
        return Config("tiny", repeat or 1, warmup=True, cold_warmup=False, loop_steps=100,
                      mlp=(64, 64, 64, 32), elementwise=64, parse_statements=200, literal_side=50,
                      batch_files=20, chain_ops=1000, randn_draws=100_000)
    return Config("full", repeat or 5, warmup=True, cold_warmup=True, loop_steps=10_000,
                  mlp=(512, 1024, 1024, 256),
                  elementwise=2000, parse_statements=2000, literal_side=1000,
                  batch_files=1000, chain_ops=100_000)


@dataclass
class Row:
    workload: str                  # "1 cold start", ...
    measure: str                   # what gradcli did
    unit: str                      # "ms", "MB", "us/op", "ms/file"
    value: Optional[float]         # gradcli's median
    ref_name: str = ""             # "" when the target is absolute
    ref_value: Optional[float] = None
    target: Optional[float] = None       # max ratio gradcli / reference
    target_abs: Optional[float] = None   # max value, in unit
    note: str = ""
    samples: dict = field(default_factory=dict)   # raw seconds/values, for --json

    @property
    def ratio(self) -> Optional[float]:
        if self.value is None or self.value <= 0 or not self.ref_value:   # <= 0: start-up noise
            return None
        return self.value / self.ref_value

    @property
    def met(self) -> Optional[bool]:
        if self.target is not None and self.ratio is not None:
            return self.ratio <= self.target
        if self.target_abs is not None and self.value is not None and self.value > 0:
            return self.value <= self.target_abs
        return None

    def as_dict(self) -> dict:
        d = asdict(self)
        d["ratio"] = self.ratio
        d["met"] = self.met
        return d


class WorkloadError(Exception):
    """A workload could not be measured (gradcli or a reference failed)."""


# ***** timing helpers *****

def median(xs):
    return statistics.median(xs)


# NOTE: two kinds of rows take this many times the rounds, so that their
# medians settle. A row timed as the difference of two whole processes (the
# work and its baseline, rows 2, 5, 7 and 8) varies more than one timed in a
# single process: each process brings its own start-up noise, and on a
# shared machine the difference of two ~200 ms processes moved by up to
# +-100 ms for the same work. The large-tensor rows (3) are held to within
# 10% and 20% of their floor, while one pair of ~30 ms runs there moves by
# 5-20%: with five pairs, the MLP ratio of the same code came out anywhere
# from 1.07 to 1.18 between runs.
STEADY_ROUNDS = 3


def time_calls(fns: dict, cfg: Config, repeat: Optional[int] = None) -> dict:
    """Seconds of ``repeat`` (default ``cfg.repeat``) calls of each
    function, ``{name: [seconds]}``.

    The functions take turns (a, b, a, b, ...) so the machine's drift hits
    them alike; each gets one untimed warm-up call first when ``cfg.warmup``.
    A function may return its own measured seconds (a float, to leave out
    its setup); anything else means "time the whole call".
    """
    if cfg.warmup:
        for fn in fns.values():
            fn()
    out = {name: [] for name in fns}
    for _ in range(cfg.repeat if repeat is None else repeat):
        for name, fn in fns.items():
            gc.collect()
            start = time.perf_counter()
            own = fn()
            end = time.perf_counter()
            out[name].append(own if isinstance(own, float) else end - start)
    return out


def optional_import(name: str):
    try:
        return __import__(name)
    except Exception:              # not installed, or broken: skip with a note
        return None


def torch_module():
    return optional_import("torch")


def autograd_module():
    mod = optional_import("autograd")
    if mod is None:
        return None
    import autograd.numpy                       # noqa: F401  (check it loads)
    return mod


def rel_err(got, want) -> float:
    got = np.asarray(got, dtype=np.float64)
    want = np.asarray(want, dtype=np.float64)
    scale = max(float(np.max(np.abs(want))), 1e-30)
    return float(np.max(np.abs(got - want))) / scale


def check_close(note_parts: list, what: str, got, want, tol: float = 1e-3):
    """Add a note (not a crash) when gradcli's numbers disagree."""
    if got is None:
        note_parts.append(f"{what}: no grad")
        return
    err = rel_err(got, want)
    if not err <= tol:
        note_parts.append(f"{what} differs (rel err {err:.1e})")


# ***** running gradcli in this process *****

def leaf(arr: np.ndarray):
    from gradcli.engine.tensor import Tensor
    t = Tensor(arr)
    t.requires_grad = True
    return t


def grad_of(t) -> Optional[np.ndarray]:
    g = getattr(t, "_grad", None)
    return None if g is None else np.asarray(getattr(g, "data", g))


def gradcli_error_text(result) -> str:
    from gradcli.errors import render_error
    err = result.error
    if err is None:
        return f"exit code {result.exit_code} with no error event"
    return render_error(err, result.path, result.source)


def run_gradcli(source: str, bind: Optional[Callable[[], dict]] = None, path: str = "<bench>",
                expect_exit: int = 0):
    """Run a script; return (seconds from after the variables are bound to the
    end, RunResult). Raises WorkloadError with gradcli's message on failure."""
    from gradcli.session import run_source
    mark = []

    def prepare(interp):
        if bind is not None:
            interp.vars.update(bind())
        mark.append(time.perf_counter())

    result = run_source(source, path, prepare=prepare)
    seconds = time.perf_counter() - mark[0]
    if result.exit_code != expect_exit:
        raise WorkloadError("gradcli failed:\n" + gradcli_error_text(result))
    return seconds, result


# ===================================================================== #
# 1. Cold start of the one-liner, and its peak memory                    #
# ===================================================================== #

ONE_LINER = ["grad", "((x+2)*(x-2)).sum()", "-a", "x=[1,2;3,4]"]
TORCH_ONE_LINER = ("import torch; x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True); "
                   "y = ((x + 2) * (x - 2)).sum(); y.backward(); print(y); print(x.grad)")


def installed_script():
    """The console script users run: the one beside this Python (a venv's
    bin/), else the first ``gradcli`` on PATH; None when not installed."""
    beside = Path(sys.executable).parent / "gradcli"
    return str(beside) if beside.exists() else shutil.which("gradcli")


def gradcli_command() -> tuple:
    """(argv prefix that runs gradcli as users do, label, note). The installed
    console script; ``python -m gradcli`` with a note when none is installed."""
    script = installed_script()
    if script:
        return [script], "gradcli", ""
    return [sys.executable, "-m", "gradcli"], "python -m gradcli", \
        "console script not installed: measured `python -m gradcli`"


def child_env(**extra) -> dict:
    """The environment of measured children: the user's, with bytecode
    written and read as an installed package does (PYTHONDONTWRITEBYTECODE
    would recompile gradcli in every child)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(extra)
    return env


@dataclass
class Child:
    wall: float                    # seconds
    cpu: Optional[float]           # seconds, user + system, of this child alone
    rss: Optional[float]           # peak resident MB
    output: str


def run_child(argv: list, env: dict) -> Child:
    """Run one child to its end; its own rusage comes from os.wait4, so earlier
    children never mask it. Raises WorkloadError when it fails."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, env=env)
    output = proc.stdout.read()
    proc.stdout.close()
    cpu = rss = None
    if hasattr(os, "wait4"):
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        rss_kb = usage.ru_maxrss / (1024 if sys.platform == "darwin" else 1)  # darwin: bytes
        rss = rss_kb / 1024
        cpu = usage.ru_utime + usage.ru_stime
    else:
        proc.wait()
    wall = time.perf_counter() - start
    text = output.decode("utf-8", "replace")
    if proc.returncode != 0:
        raise WorkloadError(f"`{' '.join(argv)}` exited {proc.returncode}:\n{text.strip()[-2000:]}")
    return Child(wall, cpu, rss, text)


def run_children(commands: dict, env: dict, cfg: Config, warmup: bool = True) -> dict:
    """``{name: [Child]}``: ``cfg.repeat`` rounds, the commands interleaved
    (a, b, a, b, ...) so the machine's drift hits them alike, after one
    untimed round (it also writes bytecode where none was installed)."""
    out = {name: [] for name in commands}
    for r in range(cfg.repeat + (1 if warmup else 0)):
        for name, argv in commands.items():
            child = run_child(argv, env)
            if not (warmup and r == 0):
                out[name].append(child)
    return out


_SCRATCH = None


def scratch_file(name: str, text: str) -> Path:
    """Write a file in the bench's scratch folder (removed when it exits)."""
    global _SCRATCH
    if _SCRATCH is None:
        import tempfile
        _SCRATCH = tempfile.TemporaryDirectory(prefix="gradcli-bench-")
    path = Path(_SCRATCH.name, name)
    path.write_text(text, encoding="utf-8")
    return path


def gradcli_script_timer(name: str, source: str, baseline: str) -> Callable[[], float]:
    """A timed call for ``time_calls``: the seconds the installed gradcli
    spends on ``source`` beyond ``baseline`` (the same script with the
    measured work taken out, so start-up, parsing and set-up cancel), each a
    whole process run as users run it (``gradcli run FILE``)."""
    return ScriptTimer(name, source, baseline)


class ScriptTimer:
    """See ``gradcli_script_timer``; ``output`` is what the last work run printed."""

    def __init__(self, name: str, source: str, baseline: str):
        prefix = gradcli_command()[0]
        self.env = child_env()
        self.work = [*prefix, "run", str(scratch_file(f"{name}.py", source)), "-f", "torch"]
        self.base = [*prefix, "run", str(scratch_file(f"{name}_baseline.py", baseline)), "-f", "torch"]
        self.output = ""

    def __call__(self) -> float:
        work = run_child(self.work, self.env)
        self.output = work.output
        return work.wall - run_child(self.base, self.env).wall


def cold_start(cfg: Config) -> list:
    prefix, label, fallback_note = gradcli_command()
    env = child_env(COLUMNS="100", FORCE_COLOR="1")    # the rich view as on a terminal
    py = sys.executable
    commands = {
        "json": [*prefix, *ONE_LINER, "-f", "json"],
        "torch-text": [*prefix, *ONE_LINER, "-f", "torch"],
        "rich": [*prefix, *ONE_LINER],
        "numpy": [py, "-c", "import numpy"],
        "pass": [py, "-c", "pass"],
    }
    has_torch = _torch_importable(py, env)
    if has_torch:
        commands["torch"] = [py, "-c", TORCH_ONE_LINER]
    runs = run_children(commands, env, cfg, warmup=cfg.cold_warmup)

    def ms(name, what):
        values = [getattr(c, what) for c in runs.get(name, ())]
        return median(values) * 1e3 if values and None not in values else None

    def samples(*names):
        return {f"{n}_{w}_ms": [getattr(c, w) * 1e3 for c in runs[n] if getattr(c, w) is not None]
                for n in names if n in runs for w in ("wall", "cpu")}

    no_torch = "" if has_torch else "torch not installed: no reference"
    wrong = {k: "output lacks the value 14" for k in ("json", "torch-text", "rich", "torch")
             if k in runs and runs[k] and "14" not in runs[k][-1].output}
    rows = []
    for key, shown, numpy_target in (("json", "-f json", 1.6), ("torch-text", "-f torch", 1.6),
                                     ("rich", "rich view (default)", 2.0)):
        what = f"{label} grad ... {shown}"
        note = "; ".join(n for n in (fallback_note, wrong.get(key)) if n)
        for measure in ("cpu", "wall"):
            rows.append(Row("1 cold start", f"{what}, {measure.upper() if measure == 'cpu' else measure}",
                            "ms", ms(key, measure), "python -c 'import numpy'", ms("numpy", measure),
                            target=numpy_target, note=note, samples=samples(key, "numpy")))
            what = "(same)"
        if key != "rich":
            rows.append(Row("1 cold start", "(same), wall", "ms", ms(key, "wall"), "torch one-liner",
                            ms("torch", "wall"), target=0.10,
                            note="; ".join(n for n in (wrong.get("torch"), no_torch) if n),
                            samples=samples(key, "torch")))
    rows.append(Row("1 cold start", f"peak RSS, {label} grad ... -f json", "MB",
                    median([c.rss for c in runs["json"]]) if runs["json"][0].rss else None,
                    "torch one-liner",
                    median([c.rss for c in runs["torch"]]) if has_torch and runs["torch"][0].rss else None,
                    target=0.2, note=no_torch))
    rows.append(Row("1 cold start", "(python -c pass, wall, for scale)", "ms", ms("pass", "wall"),
                    note="not a target", samples=samples("pass")))
    return rows


def _torch_importable(py: str, env: dict) -> bool:
    """Ask a child (importing torch here would not tell about the child)."""
    probe = subprocess.run([py, "-c", "import importlib.util, sys; "
                            "sys.exit(importlib.util.find_spec('torch') is None)"],
                           env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return probe.returncode == 0


# ===================================================================== #
# 2. Per-op overhead: a loop of tiny ops on 2x2, then backward           #
# ===================================================================== #

LOOP_SCRIPT = """\
import torch
x = torch.ones(2, 2, requires_grad=True)
y = x
for i in range({steps}):
    y = y * 1.0001 + 0.0001
    y = torch.tanh(y)
y.sum().backward()
print(x.grad)
"""
OPS_PER_STEP = 3
TORCH_THREADS = 1                  # PyTorch's CPU threads in the loop rows (OMP_NUM_THREADS=1)


class torch_threads:
    """``with torch_threads(torch):`` runs PyTorch on TORCH_THREADS threads."""

    def __init__(self, torch):
        self.torch = torch

    def __enter__(self):
        self.saved = self.torch.get_num_threads()
        self.torch.set_num_threads(TORCH_THREADS)

    def __exit__(self, *exc):
        self.torch.set_num_threads(self.saved)


def per_op(cfg: Config) -> list:
    steps = cfg.loop_steps
    n_ops = steps * OPS_PER_STEP
    gradcli_run = gradcli_script_timer("per_op", LOOP_SCRIPT.format(steps=steps),
                                       LOOP_SCRIPT.format(steps=0))
    fns = {"gradcli": gradcli_run}
    last = {}
    torch = torch_module()
    if torch is not None:
        def torch_once():
            x = torch.ones(2, 2, requires_grad=True)
            y = x
            for _ in range(steps):
                y = y * 1.0001 + 0.0001
                y = torch.tanh(y)
            y.sum().backward()
            last["torch"] = str(x.grad)
        fns["torch"] = torch_once

    ag = autograd_module()
    if ag is not None:
        import autograd.numpy as anp

        def f(x):
            y = x
            for _ in range(steps):
                y = y * 1.0001 + 0.0001
                y = anp.tanh(y)
            return anp.sum(y)
        df = ag.grad(f)
        fns["autograd"] = lambda: df(np.ones((2, 2), dtype=np.float32))   # float32, as torch

    if torch is not None:
        with torch_threads(torch):
            times = time_calls(fns, cfg, cfg.repeat * STEADY_ROUNDS)
    else:
        times = time_calls(fns, cfg, cfg.repeat * STEADY_ROUNDS)
    us = {k: [s / n_ops * 1e6 for s in v] for k, v in times.items()}
    g = median(us["gradcli"])
    label = f"gradcli run: {steps:,} steps x {OPS_PER_STEP} ops on 2x2, fwd+bwd"
    rows = []
    for key, ref_name, target in (("torch", f"torch eager, {TORCH_THREADS} thread", 0.6),
                                  ("autograd", "HIPS autograd", None)):
        if key not in fns:
            rows.append(Row("2 per-op overhead", label, "us/op", g, ref_name, None, target=target,
                            note=f"{key} not installed: skipped"))
            continue
        notes = []
        if key == "torch" and gradcli_run.output.strip() != last["torch"]:
            notes.append("printed x.grad differs from torch's")
        if target is None:
            notes.append("no target")
        rows.append(Row("2 per-op overhead", label, "us/op", g, ref_name, median(us[key]),
                        target=target, note="; ".join(notes),
                        samples={"gradcli_us": us["gradcli"], f"{key}_us": us[key]}))
        label = "(same)"
    return rows


# ===================================================================== #
# 3. Large tensors vs a hand-written numpy forward+backward (the floor)   #
# ===================================================================== #

MLP_SCRIPT = """\
import torch
loss = ((torch.tanh(X @ W1 + b1) @ W2) ** 2).mean()
loss.backward()
"""
ELEMENTWISE_SCRIPT = """\
import torch
loss = torch.exp(torch.sin(A) * B + A / (1 + B * B)).sum()
loss.backward()
"""


def mlp_numpy(X, W1, b1, W2):
    """Forward and backward of ((tanh(X @ W1 + b1) @ W2) ** 2).mean(), by hand."""
    t = np.tanh(X @ W1 + b1)
    o = t @ W2
    loss = (o ** 2).mean()
    go = o * np.float32(2.0 / o.size)
    gW2 = t.T @ go
    gh = (go @ W2.T) * (1 - t * t)
    gb1 = gh.sum(axis=0)
    gW1 = X.T @ gh
    gX = gh @ W1.T
    return loss, {"X": gX, "W1": gW1, "b1": gb1, "W2": gW2}


def elementwise_numpy(A, B):
    """Forward and backward of exp(sin(A)*B + A/(1+B*B)).sum(), by hand."""
    s = np.sin(A)
    q = 1 + B * B
    e = np.exp(s * B + A / q)
    loss = e.sum()
    gA = e * (np.cos(A) * B + 1 / q)
    gB = e * (s - 2 * A * B / (q * q))
    return loss, {"A": gA, "B": gB}


def _large_case(cfg: Config, label: str, source: str, inputs: dict, floor,
                target: float) -> list:
    last = {}

    def gradcli_once():
        leaves = {}

        def bind():
            leaves.update({k: leaf(v) for k, v in inputs.items()})
            return leaves
        seconds, _ = run_gradcli(source, bind)
        last["gradcli"] = {k: grad_of(t) for k, t in leaves.items()}
        return seconds

    def numpy_once():
        last["numpy"] = floor(**inputs)[1]

    times = time_calls({"gradcli": gradcli_once, "numpy": numpy_once}, cfg, cfg.repeat * STEADY_ROUNDS)
    g, n = times["gradcli"], times["numpy"]
    notes = []
    for k in inputs:
        check_close(notes, f"{k}.grad", last["gradcli"][k], last["numpy"][k])
    mem_g, mem_n = peak_mb(gradcli_once), peak_mb(numpy_once)
    return [Row("3 large tensors", label, "ms", median(g) * 1e3, "numpy floor", median(n) * 1e3,
                target=target, note="; ".join(notes), samples={"gradcli_s": g, "numpy_s": n}),
            Row("3 large tensors", "(same), peak memory above the inputs", "MB", mem_g,
                "numpy floor", mem_n, target=1.05, note="numpy's allocations, by tracemalloc")]


def peak_mb(fn) -> float:
    """Peak MB allocated while ``fn`` runs, above what was held before (numpy
    reports its array buffers to tracemalloc)."""
    import tracemalloc
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        fn()
        return (tracemalloc.get_traced_memory()[1] - before) / 1e6
    finally:
        tracemalloc.stop()


def large_tensors(cfg: Config) -> list:
    rng = np.random.default_rng(0)
    n, d_in, hidden, d_out = cfg.mlp
    f32 = np.float32
    mlp_inputs = {
        "X": rng.standard_normal((n, d_in)).astype(f32),
        "W1": (rng.standard_normal((d_in, hidden)) / np.sqrt(d_in)).astype(f32),
        "b1": rng.standard_normal(hidden).astype(f32),
        "W2": (rng.standard_normal((hidden, d_out)) / np.sqrt(hidden)).astype(f32),
    }
    side = cfg.elementwise
    ew_inputs = {"A": rng.standard_normal((side, side)).astype(f32),
                 "B": rng.standard_normal((side, side)).astype(f32)}
    rows = _large_case(cfg, f"mlp {n}x{d_in} @ {d_in}x{hidden} @ {hidden}x{d_out}, fwd+bwd",
                       MLP_SCRIPT, mlp_inputs, mlp_numpy, target=1.10)
    rows += _large_case(cfg, f"exp(sin(A)*B + A/(1+B*B)) {side}x{side}, fwd+bwd",
                        ELEMENTWISE_SCRIPT, ew_inputs, elementwise_numpy, target=1.20)
    return rows


# ===================================================================== #
# 4. Parsing a long script vs CPython's ast.parse                        #
# ===================================================================== #

PARSE_BLOCK = """\
# block {i}
a{i} = torch.randn(3, 4, requires_grad=True)
b{i} = torch.ones(4, 2) * 0.5 + {i}
c{i} = (a{i} @ b{i}).tanh().sum(dim=1, keepdim=False)
d{i} = torch.tensor([[1.5, -2.0], [3.0, 4.25e-1]], dtype=torch.float64)
e{i} = c{i}.mean() ** 2 - 3 * c{i}.std() / (1 + abs(c{i}[0]))
with torch.no_grad():
    a{i} -= 0.01 * a{i}
for j in range(3):
    e{i} = e{i} + j if j > 1 else e{i} - j
print("block", {i}, e{i}.item(), sep=", ")
f{i} = lambda t, k: (t * t).sum() + k
assert e{i} is not None and f{i}(b{i}, 2) > 0, "block {i} failed"
"""


def parse_text(statements: int) -> tuple:
    """A generated script with at least ``statements`` statements (ast's count)."""
    per_block = sum(isinstance(n, ast.stmt) for n in ast.walk(ast.parse(PARSE_BLOCK.format(i=0))))
    blocks = -(-statements // per_block)
    text = "import torch\n" + "".join(PARSE_BLOCK.format(i=i) for i in range(blocks))
    count = sum(isinstance(n, ast.stmt) for n in ast.walk(ast.parse(text)))
    return text, count


def bare_lark_parser():
    """A bare Lark LALR parser of gradcli's grammar file (the same grammar, the
    same indenter), built here, not by gradcli: the parsing row's reference."""
    import lark
    from lark.indenter import PythonIndenter
    text = (REPO / "grammar" / "gradcli.lark").read_text(encoding="utf-8")
    return lark.Lark(text, parser="lalr", postlex=PythonIndenter(), maybe_placeholders=True)


def parsing(cfg: Config) -> list:
    from gradcli.lang.parse import parse_module
    from gradcli.errors import GradcliError, render_error
    text, count = parse_text(cfg.parse_statements)
    bare = bare_lark_parser()

    def gradcli_once():
        try:
            parse_module(text)
        except GradcliError as err:
            raise WorkloadError("gradcli could not parse the generated script:\n"
                                + render_error(err, "<parse bench>", text)) from None

    times = time_calls({"gradcli": gradcli_once, "lark": lambda: bare.parse(text + "\n"),
                        "ast": lambda: ast.parse(text)}, cfg)
    g, lk, c = times["gradcli"], times["lark"], times["ast"]
    label = f"parse_module: {count} statements, {len(text) / 1e3:.0f} kB"
    return [Row("4 parsing", label, "ms", median(g) * 1e3, "bare Lark LALR parse", median(lk) * 1e3,
                target=1.25, samples={"gradcli_s": g, "lark_s": lk}),
            Row("4 parsing", "(same)", "ms", median(g) * 1e3, "CPython ast.parse", median(c) * 1e3,
                note="for scale, no target", samples={"gradcli_s": g, "ast_s": c})]


# ===================================================================== #
# 5. A big float matrix literal vs json.loads + np.array                 #
# ===================================================================== #

def literal_text(side: int) -> str:
    """``[[...],\\n [...]]``: one row a line, 4 decimals (~8.5 MB at 1000)."""
    rng = np.random.default_rng(1)
    values = rng.uniform(-1, 1, (side, side))
    rows = ("[" + ", ".join(f"{v:.4f}" for v in row) + "]" for row in values)
    return "[" + ",\n ".join(rows) + "]"


def big_literal(cfg: Config) -> list:
    side = cfg.literal_side
    lit = literal_text(side)
    tail = "print(x.shape, x.dtype, x.sum())\n"
    gradcli_run = gradcli_script_timer("literal", f"import torch\nx = torch.tensor({lit})\n{tail}",
                                       f"import torch\nx = torch.tensor([[0.5]])\n{tail}")
    last = {}

    def reference_once():
        last["numpy"] = np.array(json.loads(lit), dtype=np.float32)

    times = time_calls({"gradcli": gradcli_run, "reference": reference_once}, cfg,
                       cfg.repeat * STEADY_ROUNDS)
    g, r = times["gradcli"], times["reference"]
    notes = []
    if f"torch.Size([{side}, {side}]) torch.float32" not in gradcli_run.output:
        notes.append(f"gradcli printed {gradcli_run.output.strip()[:80]!r}")
    return [Row("5 matrix literal", f"gradcli run: torch.tensor({side}x{side} literal, "
                f"{len(lit) / 1e6:.2f} MB)", "ms", median(g) * 1e3, "json.loads + np.array",
                median(r) * 1e3, target=1.5, note="; ".join(notes),
                samples={"gradcli_s": g, "reference_s": r})]


# ===================================================================== #
# 6. Batch: many seed-sized scripts in one process                       #
# ===================================================================== #

# The seed notebook's code cells, as bundled in samples/.
SEED_SOURCE = (Path(__file__).resolve().parent.parent / "seed" / "seed_notebook.py").read_text(encoding="utf-8")
# The seed's `x3.numpy()` cell raises PyTorch's error on purpose: exit 1.
SEED_EXIT = 1


def batch(cfg: Config) -> list:
    """``gradcli run DIR`` over many seed-sized files, whole processes of the
    installed command: ms per file with ``--jobs 1``, and ``--jobs 2``
    against ``--jobs 1``, interleaved."""
    import tempfile
    prefix, label, note = gradcli_command()
    # Each file differs (its own first line), so nothing can be cached by text.
    files = [(f"seed_{i:04d}.py", f"# bench file {i}\n" + SEED_SOURCE) for i in range(cfg.batch_files)]
    with tempfile.TemporaryDirectory() as d:
        for path, text in files:
            Path(d, path).write_text(text, encoding="utf-8")
        times = {1: [], 2: []}
        env = child_env()
        for r in range(cfg.repeat + 1):                # the first round is a warm-up
            for jobs in (1, 2):
                argv = [*prefix, "run", d, "-f", "torch", "--quiet", "--jobs", str(jobs)]
                start = time.perf_counter()
                proc = subprocess.run(argv, capture_output=True, text=True, env=env)
                if r:
                    times[jobs].append(time.perf_counter() - start)
                if proc.returncode != SEED_EXIT:
                    raise WorkloadError(f"`{' '.join(argv)}` exited {proc.returncode}, want {SEED_EXIT}:\n"
                                        f"{(proc.stdout + proc.stderr)[-2000:]}")
    per_file = [t / len(files) * 1e3 for t in times[1]]
    return [Row("6 batch", f"{label} run DIR of {len(files)} seed-sized files, --jobs 1", "ms/file",
                median(per_file), target_abs=5.0, note=note, samples={"per_file_ms": per_file}),
            Row("6 batch", "(same), --jobs 2", "s", median(times[2]), "--jobs 1", median(times[1]),
                target=1 / 1.6, note=f"{os.cpu_count()} cores; target: --jobs 2 >= 1.6x faster",
                samples={"jobs1_s": times[1], "jobs2_s": times[2]})]


# ===================================================================== #
# 7. A long chain of ops, forward+backward                               #
# ===================================================================== #

CHAIN_SCRIPT = """\
import torch
x = torch.ones(4, requires_grad=True)
y = x
for i in range({ops}):
    y = y + 1
y.sum().backward()
print(x.grad)
"""


def chain(cfg: Config) -> list:
    ops = cfg.chain_ops
    gradcli_run = gradcli_script_timer("chain", CHAIN_SCRIPT.format(ops=ops), CHAIN_SCRIPT.format(ops=0))
    label = f"gradcli run: {ops:,} x `y = y + 1` on (4,), fwd+bwd"
    fns = {"gradcli": gradcli_run}
    torch = torch_module()
    if torch is not None:
        def torch_once():
            x = torch.ones(4, requires_grad=True)
            y = x
            for _ in range(ops):
                y = y + 1
            y.sum().backward()
        fns["torch"] = torch_once
        with torch_threads(torch):
            times = time_calls(fns, cfg, cfg.repeat * STEADY_ROUNDS)
    else:
        times = time_calls(fns, cfg, cfg.repeat * STEADY_ROUNDS)
    g = median(times["gradcli"]) * 1e3
    notes = [] if gradcli_run.output.strip() == "tensor([1., 1., 1., 1.])" else ["x.grad printed wrong"]
    if torch is None:
        return [Row("7 op chain", label, "ms", g, "torch eager", None, target=0.5,
                    note="; ".join(notes + ["torch not installed: no reference"]))]
    return [Row("7 op chain", label, "ms", g, f"torch eager, {TORCH_THREADS} thread",
                median(times["torch"]) * 1e3, target=0.5, note="; ".join(notes),
                samples={"gradcli_s": times["gradcli"], "torch_s": times["torch"]})]


# ===================================================================== #
# 8. PyTorch's random stream: float32 normals                            #
# ===================================================================== #

RANDN_SCRIPT = """import torch
torch.manual_seed(0)
x = torch.randn({n})
print(x[:3], x[-1], x.sum())
"""


def random_normals(cfg: Config) -> list:
    n = cfg.randn_draws
    label = f"gradcli run: {n:,} randn float32 draws (bit-exact)"
    gradcli_run = gradcli_script_timer("randn", RANDN_SCRIPT.format(n=n), RANDN_SCRIPT.format(n=1))
    fns = {"gradcli": gradcli_run}
    last = {}
    torch = torch_module()
    if torch is not None:
        def torch_once():
            torch.manual_seed(0)
            x = torch.randn(n)
            last["want"] = " ".join(str(v) for v in (x[:3], x[-1], x.sum())) + "\n"
        fns["torch"] = torch_once
    times = time_calls(fns, cfg, cfg.repeat * STEADY_ROUNDS)
    g = median(times["gradcli"]) * 1e3
    if torch is None:
        return [Row("8 random normals", label, "ms", g, "torch", None, target=2.0,
                    note="torch not installed: no reference")]
    same = gradcli_run.output == last["want"]
    return [Row("8 random normals", label, "ms", g, f"torch ({torch.get_num_threads()} threads)",
                median(times["torch"]) * 1e3, target=2.0,
                note="" if same else "printed values differ from torch's",
                samples={"gradcli_s": times["gradcli"], "torch_s": times["torch"]})]


WORKLOADS = [
    ("1 cold start", cold_start),
    ("2 per-op overhead", per_op),
    ("3 large tensors", large_tensors),
    ("4 parsing", parsing),
    ("5 matrix literal", big_literal),
    ("6 batch", batch),
    ("7 op chain", chain),
    ("8 random normals", random_normals),
]
