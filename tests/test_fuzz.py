"""Fuzzing: no input gives an internal error (exit 3), a hang or a Python
traceback.

Hypothesis draws grammar-shaped scripts (assignments, ``def``/``lambda``,
``if``/``while``/``for``, ``with torch.no_grad()``, comprehensions,
f-strings, ``%`` and ``.format``, tensor ops and backward), the same
scripts mutated (cut, duplicated span, inserted token), and raw bytes.
Most inputs take the fast path the CLI itself uses (``run_source`` with
the ``--format torch`` renderer); a share runs the whole command line
in-process (``gradcli run FILE``), raw bytes included. Every input must end
with exit 0, 1 or 2, no traceback, and an error with a line and column
when it failed.

The CI run is deterministic (``derandomize``). For a longer, random run:

    GRADCLI_FUZZ_BATCHES=5000 GRADCLI_FUZZ_RANDOM=1 python -m pytest tests/test_fuzz.py -q
"""
from __future__ import annotations

import io
import os
import random
import re
import tempfile

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from gradcli.errors import GradcliError
from gradcli.render.torch_out import TorchText
from gradcli.session import run_source
from inprocess import run_cli
from test_lang_fuzz import mutate

BATCHES = int(os.environ.get("GRADCLI_FUZZ_BATCHES", "500"))    # examples per test
FAST = dict(scripts_per_batch=12, mutations=2, texts=4)         # 40 fast-path inputs per example
CLI_PER_BATCH = 2                                               # full command lines per example
LIMITS = dict(max_steps=3_000, max_elements=20_000)
POSITIONED = re.compile(r"^<fuzz>:\d+:\d+: [A-Za-z]+: ", re.M)

# NOTE: no shrinking: a failure prints its inputs whole, and shrinking
# batches of scripts takes minutes.
FUZZ = settings(max_examples=BATCHES, deadline=None, database=None, phases=[Phase.explicit, Phase.generate],
                derandomize=not os.environ.get("GRADCLI_FUZZ_RANDOM"),
                suppress_health_check=list(HealthCheck))

# ***** grammar-shaped scripts *****

NAMES = ["x", "y", "z", "t", "w", "n", "i", "s", "xs", "f", "g"]
name = st.sampled_from(NAMES)
atom = st.one_of(
    name,
    st.integers(-3, 12).map(str),
    st.sampled_from(["0.5", "-1.5", "2.0", "1e-3", "True", "False", "None", "'ab'", '"c"', "[]", "()", "{}",
                     "float('inf')", "float('nan')", "10**10", "2**64"]),
    st.sampled_from(["torch.tensor([1.0, 2.0], requires_grad=True)", "torch.ones(2, 3)", "torch.zeros(3)",
                     "torch.randn(2, 2)", "torch.arange(6.0).reshape(2, 3)", "torch.tensor(3.0)",
                     "torch.eye(2, requires_grad=True)", "torch.tensor([[1, 2], [3, 4]])",
                     "torch.nn.Linear(2, 2)", "torch.tensor(2.0, dtype=torch.float64, requires_grad=True)"]),
)
BINOPS = ["+", "-", "*", "/", "//", "%", "**", "@", "==", "<", ">=", "!=", "and", "or", "in", "is", "&", "|"]
METHODS = ["sum()", "mean()", "exp()", "tanh()", "relu()", "sigmoid()", "t()", "abs()", "sqrt()", "log()",
           "backward()", "item()", "detach()", "shape", "grad", "requires_grad_()", "reshape(-1)", "max()",
           "softmax(0)", "unsqueeze(0)", "pow(2)", "clone()", "numel()", "tolist()", "upper()", "append(1)",
           "keys()", "dtype", "T", "grad_fn", "__class__", "_private"]
CALLS = ["len", "print", "range", "abs", "min", "max", "sum", "list", "tuple", "str", "int", "float", "sorted",
         "enumerate", "zip", "isinstance", "round", "repr", "type", "torch.sum", "torch.exp", "torch.stack",
         "torch.cat", "torch.matmul", "torch.autograd.grad", "math.sqrt", "np.array", "getattr", "f", "g"]


def expressions(depth: int = 3):
    if depth == 0:
        return atom
    sub = expressions(depth - 1)
    return st.one_of(
        atom,
        st.tuples(sub, st.sampled_from(BINOPS), sub).map(lambda p: f"{p[0]} {p[1]} {p[2]}"),
        st.tuples(st.sampled_from(["-", "not ", "~"]), sub).map("".join),
        sub.map(lambda e: f"({e})"),
        st.tuples(sub, st.sampled_from(METHODS)).map(lambda p: f"{p[0]}.{p[1]}"),
        st.tuples(st.sampled_from(CALLS), st.lists(sub, max_size=3)).map(lambda p: f"{p[0]}({', '.join(p[1])})"),
        st.lists(sub, max_size=3).map(lambda es: f"[{', '.join(es)}]"),
        st.tuples(sub, sub).map(lambda p: f"{{{p[0]}: {p[1]}}}"),
        st.tuples(sub, name, sub).map(lambda p: f"[{p[0]} for {p[1]} in {p[2]}]"),
        st.tuples(sub, name, sub, sub).map(lambda p: f"{{{p[1]}: {p[0]} for {p[1]} in {p[2]} if {p[3]}}}"),
        st.tuples(sub, sub).map(lambda p: f"{p[0]}[{p[1]}]"),
        st.tuples(sub, sub, sub).map(lambda p: f"{p[0]}[{p[1]}:{p[2]}]"),
        st.tuples(sub, sub, sub).map(lambda p: f"{p[0]} if {p[1]} else {p[2]}"),
        st.tuples(name, sub).map(lambda p: f"lambda {p[0]}: {p[1]}"),
        st.tuples(sub, st.sampled_from(["", "!r", ":>6", ":.3f", "=", ":{x}", ".__class__"])).map(
            lambda p: f"f'<{{{p[0]}{p[1]}}}>'"),
        st.tuples(st.sampled_from(["'%s'", "'%d %r'", "'%(a)s'", "'{}'", "'{0.real}'", "'{a[0]}'"]), sub).map(
            lambda p: (f"{p[0]} % {{'a': {p[1]}}}" if "(" in p[0] else f"{p[0]} % ({p[1]},)") if "%" in p[0]
            else f"{p[0]}.format({p[1]})"),
    )


expr = expressions(2)


def statements(depth: int = 2):
    simple = st.one_of(
        st.tuples(name, expr).map(lambda p: f"{p[0]} = {p[1]}"),
        st.tuples(name, st.sampled_from(["+=", "-=", "*=", "/=", "@="]), expr).map(" ".join),
        expr.map(lambda e: f"print({e})"),
        expr,
        st.sampled_from(["pass", "break", "continue", "return x", "del x", "assert x", "global x",
                         "x.backward()", "x.grad = None", "x[0] = 1", "import math", "import numpy as np",
                         "from torch import nn", "import os", "raise ValueError('no')", "x, y = 1, 2",
                         "*xs, = [1]", "yield 1", "nonlocal x", "x: int = 1"]),
    )
    if depth == 0:
        return simple.map(lambda s: [s])
    body = st.lists(statements(depth - 1), min_size=1, max_size=3).map(lambda ls: [s for b in ls for s in b])

    def block(head):
        return lambda b: [head] + ["    " + line for line in b]
    return st.one_of(
        simple.map(lambda s: [s]),
        st.tuples(expr, body).map(lambda p: block(f"if {p[0]}:")(p[1])),
        st.tuples(expr, body, body).map(lambda p: block(f"if {p[0]}:")(p[1]) + block("else:")(p[2])),
        st.tuples(expr, body).map(lambda p: block(f"while {p[0]}:")(p[1])),
        st.tuples(name, expr, body).map(lambda p: block(f"for {p[0]} in {p[1]}:")(p[2])),
        st.tuples(name, st.lists(name, max_size=2, unique=True), body).map(
            lambda p: block(f"def {p[0]}({', '.join(p[1])}):")(p[2])),
        body.map(block("with torch.no_grad():")),
        body.map(block("with torch.enable_grad():")),
        st.tuples(body, body).map(lambda p: block("try:")(p[0]) + block("except Exception:")(p[1])),
    )


scripts = st.lists(statements(), min_size=1, max_size=6).map(
    lambda ls: "import torch\n" + "\n".join(line for b in ls for line in b) + "\n")

TOKENS = ["(", ")", "[", "]", "{", "}", ":", "\n", "    ", "  ", "\t", "*", "**", "=", ",", "'", '"', "f'{",
          "}'", "\\", "#", "lambda", "def ", "return", "if ", "else", "while ", "for ", " in ", "with ", "yield",
          "@", ".", "__class__", "10**10", "'a' * 10**9", "[0] * 10**9", "torch.ones(100000, 100000)", "\x0c",
          "\u00e9", "\U0001F600", "0x", "1e999", "#%%\n", "# %%\n", ";", "...", "not", "is", "async ", "await "]


@st.composite
def script_batch(draw, scripts_per_batch: int, mutations: int, texts: int):
    """Grammar-shaped scripts, each with ``mutations`` mutated copies, and a few arbitrary texts."""
    rng = random.Random(draw(st.integers(0, 2**32)))
    out = []
    for src in draw(st.lists(scripts, min_size=scripts_per_batch, max_size=scripts_per_batch)):
        out.append(src)
        out.extend(mutate(rng, src, TOKENS) for _ in range(mutations))
    return out + draw(st.lists(st.text(max_size=60), min_size=texts, max_size=texts))


raw_bytes = st.one_of(st.binary(max_size=200), scripts.map(str.encode).flatmap(
    lambda b: st.tuples(st.just(b), st.integers(0, len(b)), st.binary(min_size=1, max_size=3)).map(
        lambda p: p[0][:p[1]] + p[2] + p[0][p[1]:])))


# ***** the checks *****

def problem_fast(src: str):
    """None when ``src`` ran cleanly (a result or a positioned error), else what went wrong."""
    out, err = io.StringIO(), io.StringIO()
    try:
        res = run_source(src, "<fuzz>", TorchText(out, err, "<fuzz>", src), **LIMITS)
    except GradcliError as e:
        return f"escaped GradcliError {e.kind}: {e.message}"
    except Exception as e:            # noqa: BLE001 — an internal error: the bug this suite looks for
        return f"internal error {type(e).__name__}: {e}"
    if res.exit_code not in (0, 1, 2):
        return f"exit {res.exit_code}"
    text = err.getvalue()
    if "Traceback" in text:
        return "traceback on stderr"
    errors = [ev.error for ev in res.events if ev.kind == "error"]
    if res.exit_code and errors and not POSITIONED.search(text):
        return f"an error without a position: {text[:200]!r}"
    return None


def problem_cli(data: bytes, folder: str, fmt: str):
    path = os.path.join(folder, "fuzz.py")
    with open(path, "wb") as f:
        f.write(data)
    r = run_cli(["run", "-f", fmt, "--max-steps", str(LIMITS["max_steps"]),
                 "--max-elements", str(LIMITS["max_elements"]), path])
    if r.returncode not in (0, 1, 2):
        return f"exit {r.returncode}: {r.stderr[-300:]}"
    if "Traceback" in r.stderr or "internal error" in r.stderr:
        return f"traceback: {r.stderr[-300:]}"
    if fmt == "json":
        import json
        json.loads(r.stdout)
    return None


def check_all(problems):
    bad = [(src, why) for src, why in problems if why is not None]
    assert not bad, "\n\n".join(f"{why}\n--- input ---\n{src!r}" for src, why in bad[:5])


@FUZZ
@given(script_batch(**FAST))
def test_scripts_never_give_an_internal_error(batch):
    check_all((src, problem_fast(src)) for src in batch)


@FUZZ
@given(st.lists(st.one_of(script_batch(1, 1, 1).flatmap(st.sampled_from).map(str.encode), raw_bytes),
                min_size=CLI_PER_BATCH, max_size=CLI_PER_BATCH),
       st.sampled_from(["torch", "json", "rich", "github"]))
def test_command_line_never_gives_an_internal_error(batch, fmt):
    with tempfile.TemporaryDirectory() as folder:
        check_all((data, problem_cli(data, folder, fmt)) for data in batch)


# ***** inputs the fuzzing found *****

def test_found_inputs_end_with_clear_errors():
    cases = {
        "x = 1\n\x1d": "<fuzz>:2:1: SyntaxError: invalid non-printable character U+001D",   # str.splitlines splits here
        "a\u2028b": "<fuzz>:1:2: SyntaxError: invalid non-printable character U+2028",
        "x = ~1.5": "<fuzz>:1:5: TypeError: bad operand type for unary ~: 'float'",
        "import torch\nx = torch.sum(torch.ones(2), 0.5)":
            "<fuzz>:2:5: TypeError: dim must be an int or a tuple of ints, not float",
        # a string with an unclosed bracket before a bad dedent
        "print(f'<{1:>')\nif True:\n    x = 1\n  y = 2\n":
            "<fuzz>:4:8: IndentationError: unindent does not match any outer indentation level",
        'x = """\n(\n"""\nif x:\n    y = 1\n  z = 2\n':
            "<fuzz>:6:8: IndentationError: unindent does not match any outer indentation level",
    }
    for src, first in cases.items():
        out, err = io.StringIO(), io.StringIO()
        res = run_source(src, "<fuzz>", TorchText(out, err, "<fuzz>", src))
        assert res.exit_code in (1, 2)
        assert err.getvalue().splitlines()[0] == first
