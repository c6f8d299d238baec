"""The benchmark's workloads (SPEC §7), one section each, and their helpers.

Every workload is a function ``(cfg) -> list[Row]``. A row compares one
gradcli number with one reference number (PyTorch, HIPS autograd, the
hand-written numpy floor, CPython) measured in the same run, and carries the
SPEC's target: a ratio (gradcli / reference) or, for the batch row, an
absolute number. A reference that is not installed gives a row with a note
instead of a number. A workload that crashes raises; ``run.py`` reports it.

gradcli runs in this process through ``gradcli.session.run_source`` (and as
a child process for the cold start). PyTorch and autograd are imported here
only, never by gradcli.
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
        if self.value is None or not self.ref_value:
            return None
        return self.value / self.ref_value

    @property
    def met(self) -> Optional[bool]:
        if self.target is not None and self.ratio is not None:
            return self.ratio <= self.target
        if self.target_abs is not None and self.value is not None:
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


def time_calls(fns: dict, cfg: Config) -> dict:
    """Seconds of ``repeat`` calls of each function, ``{name: [seconds]}``.

    The functions take turns (a, b, a, b, ...) so the machine's drift hits
    them alike; each gets one untimed warm-up call first when ``cfg.warmup``.
    A function may return its own measured seconds (a float, to leave out
    its setup); anything else means "time the whole call".
    """
    if cfg.warmup:
        for fn in fns.values():
            fn()
    out = {name: [] for name in fns}
    for _ in range(cfg.repeat):
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


def run_child(argv: list, env: dict) -> tuple:
    """(wall seconds, peak RSS in MB of that child, output). The child's own
    rusage comes from os.wait4, so earlier children never mask it."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, env=env)
    output = proc.stdout.read()
    proc.stdout.close()
    if hasattr(os, "wait4"):
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        rss_kb = usage.ru_maxrss / (1024 if sys.platform == "darwin" else 1)  # darwin: bytes
        rss = rss_kb / 1024
    else:
        proc.wait()
        rss = None
    seconds = time.perf_counter() - start
    text = output.decode("utf-8", "replace")
    if proc.returncode != 0:
        raise WorkloadError(f"`{' '.join(argv)}` exited {proc.returncode}:\n{text.strip()[-2000:]}")
    return seconds, rss, text


def cold_start(cfg: Config) -> list:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    py = sys.executable
    commands = {
        "gradcli -m": [py, "-m", "gradcli", *ONE_LINER],
        "numpy": [py, "-c", "import numpy"],
        "pass": [py, "-c", "pass"],
    }
    script = installed_script()
    if script:
        commands["gradcli script"] = [script, *ONE_LINER]
    has_torch = _torch_importable(py, env)
    if has_torch:
        commands["torch"] = [py, "-c", TORCH_ONE_LINER]

    times = {k: [] for k in commands}
    rss = {k: [] for k in commands}
    outputs = {}
    rounds = cfg.repeat + (1 if cfg.cold_warmup else 0)
    for r in range(rounds):                    # interleaved, so drift hits all alike
        for name, argv in commands.items():
            seconds, mem, outputs[name] = run_child(argv, env)
            if cfg.cold_warmup and r == 0:
                continue
            times[name].append(seconds * 1e3)
            if mem is not None:
                rss[name].append(mem)

    def ms(name):
        return median(times[name]) if name in commands else None

    def mb(name):
        return median(rss[name]) if rss.get(name) else None

    no_torch = "" if has_torch else "torch not installed: no reference"
    wrong = {k: "output lacks the value 14" for k in ("gradcli -m", "gradcli script", "torch")
             if k in outputs and "14." not in outputs[k]}
    rows = []
    variants = [("gradcli -m", "python -m gradcli grad ...")]
    if script:
        variants.append(("gradcli script", f"console script ({script})"))
    for key, label in variants:
        samples = {"gradcli_ms": times[key], "torch_ms": times.get("torch", []),
                   "numpy_ms": times["numpy"]}
        note = "; ".join(n for n in (wrong.get(key), wrong.get("torch"), no_torch) if n)
        rows.append(Row("1 cold start", label, "ms", ms(key), "torch one-liner", ms("torch"),
                        target=0.12, note=note, samples=samples))
        rows.append(Row("1 cold start", label, "ms", ms(key), "python -c 'import numpy'",
                        ms("numpy"), target=2.0, samples=samples))
    if not script:
        rows.append(Row("1 cold start", "console script `gradcli`", "ms", None,
                        note="not on PATH: not measured"))
    rows.append(Row("1 cold start", "peak RSS, python -m gradcli", "MB", mb("gradcli -m"),
                    "torch one-liner", mb("torch"), target=0.35, note=no_torch,
                    samples={"gradcli_mb": rss["gradcli -m"], "torch_mb": rss.get("torch", [])}))
    rows.append(Row("1 cold start", "(python -c pass, for scale)", "ms", ms("pass"),
                    note="not a target", samples={"pass_ms": times["pass"]}))
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
"""
OPS_PER_STEP = 3


def per_op(cfg: Config) -> list:
    steps = cfg.loop_steps
    n_ops = steps * OPS_PER_STEP
    source = LOOP_SCRIPT.format(steps=steps)
    last = {}

    def gradcli_once():
        seconds, result = run_gradcli(source)
        last["gradcli"] = grad_of(result.variables["x"])
        return seconds

    fns = {"gradcli": gradcli_once}
    torch = torch_module()
    if torch is not None:
        def torch_once():
            x = torch.ones(2, 2, requires_grad=True)
            y = x
            for _ in range(steps):
                y = y * 1.0001 + 0.0001
                y = torch.tanh(y)
            y.sum().backward()
            last["torch"] = x.grad.numpy()
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

        def autograd_once():
            last["autograd"] = df(np.ones((2, 2), dtype=np.float32))   # float32, as torch
        fns["autograd"] = autograd_once

    us = {k: [s / n_ops * 1e6 for s in v] for k, v in time_calls(fns, cfg).items()}
    g = median(us["gradcli"])
    label = f"{steps:,} steps x {OPS_PER_STEP} ops on 2x2, fwd+bwd"
    rows = []
    for key, ref_name, target in (("torch", "torch eager", 1.0), ("autograd", "HIPS autograd", None)):
        if key not in fns:
            rows.append(Row("2 per-op overhead", label, "us/op", g, ref_name, None, target=target,
                            note=f"{key} not installed: skipped"))
            continue
        notes = []
        check_close(notes, f"x.grad vs {key}", last["gradcli"], last[key])
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

    times = time_calls({"gradcli": gradcli_once, "numpy": numpy_once}, cfg)
    g, n = times["gradcli"], times["numpy"]
    notes = []
    for k in inputs:
        check_close(notes, f"{k}.grad", last["gradcli"][k], last["numpy"][k])
    return [Row("3 large tensors", label, "ms", median(g) * 1e3, "numpy floor", median(n) * 1e3,
                target=target, note="; ".join(notes), samples={"gradcli_s": g, "numpy_s": n})]


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
                        ELEMENTWISE_SCRIPT, ew_inputs, elementwise_numpy, target=1.25)
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


def parsing(cfg: Config) -> list:
    from gradcli.lang.parse import parse_module
    from gradcli.errors import GradcliError, render_error
    text, count = parse_text(cfg.parse_statements)

    def gradcli_once():
        try:
            parse_module(text)
        except GradcliError as err:
            raise WorkloadError("gradcli could not parse the generated script:\n"
                                + render_error(err, "<parse bench>", text)) from None

    times = time_calls({"gradcli": gradcli_once, "ast": lambda: ast.parse(text)}, cfg)
    g, c = times["gradcli"], times["ast"]
    return [Row("4 parsing", f"{count} statements, {len(text) / 1e3:.0f} kB", "ms",
                median(g) * 1e3, "ast.parse", median(c) * 1e3, target=3.0,
                samples={"gradcli_s": g, "ast_s": c})]


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
    source = f"import torch\nx = torch.tensor({lit})\n"
    last = {}

    def gradcli_once():
        seconds, result = run_gradcli(source)
        last["gradcli"] = result.variables["x"]
        return seconds

    def reference_once():
        last["numpy"] = np.array(json.loads(lit), dtype=np.float32)

    times = time_calls({"gradcli": gradcli_once, "reference": reference_once}, cfg)
    g, r = times["gradcli"], times["reference"]
    notes = []
    got = np.asarray(getattr(last["gradcli"], "data", last["gradcli"]))
    if got.shape != last["numpy"].shape or got.dtype != np.float32:
        notes.append(f"got {got.dtype} {got.shape}, want float32 {last['numpy'].shape}")
    else:
        check_close(notes, "values", got, last["numpy"], tol=1e-6)
    return [Row("5 matrix literal", f"torch.tensor({side}x{side} literal, {len(lit) / 1e6:.2f} MB)",
                "ms", median(g) * 1e3, "json.loads + np.array", median(r) * 1e3, target=1.5,
                note="; ".join(notes), samples={"gradcli_s": g, "reference_s": r})]


# ===================================================================== #
# 6. Batch: many seed-sized scripts in one process                       #
# ===================================================================== #

# The seed notebook's code cells, as bundled in samples/.
SEED_SOURCE = (Path(__file__).resolve().parent.parent / "seed" / "seed_notebook.py").read_text(encoding="utf-8")
# The seed's `x3.numpy()` cell raises PyTorch's error on purpose: exit 1.
SEED_EXIT = 1


def batch(cfg: Config) -> list:
    from gradcli.session import run_source
    # Each "file" differs (its own first line), so nothing can be cached by text.
    files = [(f"seed_{i:04d}.py", f"# bench file {i}\n" + SEED_SOURCE) for i in range(cfg.batch_files)]

    def run_all(batch=files):
        start = time.perf_counter()
        for path, text in batch:
            result = run_source(text, path)
            if result.exit_code != SEED_EXIT:
                raise WorkloadError(f"gradcli on {path}: exit {result.exit_code}, "
                                    f"want {SEED_EXIT}:\n" + gradcli_error_text(result))
        return (time.perf_counter() - start) / len(batch)

    if cfg.warmup:                           # a few files warm up as well as all of them
        run_all(files[:5])
    per_file = time_calls({"gradcli": run_all}, replace(cfg, warmup=False))["gradcli"]
    rows = [Row("6 batch", f"{len(files)} seed-sized scripts, one process", "ms/file",
                median(per_file) * 1e3, target_abs=5.0,
                note="whole run_source per file (parse + run, no rendering)",
                samples={"per_file_s": per_file})]
    return rows + batch_jobs(cfg, files)


def batch_jobs(cfg: Config, files: list) -> list:
    """``gradcli run DIR --jobs 2`` against ``--jobs 1``, whole processes of
    the installed command, interleaved."""
    script = installed_script()
    if not script:
        return [Row("6 batch", "run DIR --jobs 2", "s", None, note="console script not on PATH: not measured")]
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        for path, text in files:
            Path(d, path).write_text(text, encoding="utf-8")
        times = {1: [], 2: []}
        for _ in range(cfg.repeat):
            for jobs in (1, 2):
                argv = [script, "run", d, "-f", "torch", "--quiet", "--jobs", str(jobs)]
                start = time.perf_counter()
                proc = subprocess.run(argv, capture_output=True, text=True)
                times[jobs].append(time.perf_counter() - start)
                if proc.returncode != SEED_EXIT:
                    raise WorkloadError(f"`{' '.join(argv)}` exited {proc.returncode}:\n{proc.stderr[-2000:]}")
    return [Row("6 batch", f"run DIR of {len(files)} files, --jobs 2", "s", median(times[2]),
                "--jobs 1", median(times[1]), target=1 / 1.6,
                note=f"{os.cpu_count()} cores", samples={"jobs1_s": times[1], "jobs2_s": times[2]})]


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
"""


def chain(cfg: Config) -> list:
    ops = cfg.chain_ops
    source = CHAIN_SCRIPT.format(ops=ops)
    label = f"{ops:,} x `y = y + 1` on (4,), fwd+bwd"
    last = {}

    def gradcli_once():
        seconds, result = run_gradcli(source)
        last["grad"] = grad_of(result.variables["x"])
        return seconds

    fns = {"gradcli": gradcli_once}
    torch = torch_module()
    if torch is not None:
        def torch_once():
            x = torch.ones(4, requires_grad=True)
            y = x
            for _ in range(ops):
                y = y + 1
            y.sum().backward()
        fns["torch"] = torch_once

    times = time_calls(fns, cfg)
    g = median(times["gradcli"]) * 1e3
    notes = []
    check_close(notes, "x.grad", last["grad"], np.ones(4, dtype=np.float32))
    if torch is None:
        return [Row("7 op chain", label, "ms", g, "torch eager", None, target=0.5,
                    note="; ".join(notes + ["torch not installed: no reference"]))]
    return [Row("7 op chain", label, "ms", g, "torch eager", median(times["torch"]) * 1e3,
                target=0.5, note="; ".join(notes),
                samples={"gradcli_s": times["gradcli"], "torch_s": times["torch"]})]


# ===================================================================== #
# 8. PyTorch's random stream: float32 normals                            #
# ===================================================================== #

RANDN_SCRIPT = """import torch
torch.manual_seed(0)
x = torch.randn({n})
"""


def random_normals(cfg: Config) -> list:
    n = cfg.randn_draws
    label = f"{n:,} randn float32 draws (bit-exact)"
    last = {}

    def gradcli_once():
        seconds, result = run_gradcli(RANDN_SCRIPT.format(n=n))
        last["x"] = result.variables["x"].data
        return seconds

    fns = {"gradcli": gradcli_once}
    torch = torch_module()
    if torch is not None:
        def torch_once():
            torch.manual_seed(0)
            last["want"] = torch.randn(n).numpy()
        fns["torch"] = torch_once

    times = time_calls(fns, cfg)
    g = median(times["gradcli"]) * 1e3
    if torch is None:
        return [Row("8 random normals", label, "ms", g, "torch", None, target=2.0,
                    note="torch not installed: no reference")]
    same = np.array_equal(last["x"].view(np.uint32), last["want"].view(np.uint32))
    return [Row("8 random normals", label, "ms", g, "torch", median(times["torch"]) * 1e3, target=2.0,
                note="" if same else "values differ from torch's",
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
