"""Mutated scripts never give an internal error: each run ends with a result
or a clear error (a GradcliError), within the step budget.

The seeds are the language's own test snippets and scripts; each input is a
seed with a few random edits (cut, inserted token, duplicated span). The
test runs a few hundred fixed inputs; for a longer run:

    python tests/test_lang_fuzz.py SEED COUNT
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

from gradcli.errors import GradcliError
from gradcli.session import run_source

ROOT = Path(__file__).resolve().parent.parent
TOKENS = ["(", ")", "[", "]", "{", "}", ":", "\n", "    ", "*", "**", "=", ",", "f'{x}'", "'{0}'", "%", "lambda",
          "def ", "return", "for", "in", "if", "else", "while", "break", "continue", "not", "is", ".",
          "__class__", "!r", ":>5", "yield", "@", "{x=}", "x", "1", "torch.", "[i for i in x]"]


def seeds() -> list:
    sys.path.insert(0, str(ROOT / "tests"))
    from test_python_parity import ERRORS, SNIPPETS
    out = list(SNIPPETS.values()) + [e[0] for e in ERRORS.values()]
    out += [p.read_text() for p in sorted((ROOT / "tests" / "scripts").glob("lang_*.py"))]
    return out


def mutate(rng: random.Random, src: str, tokens: list = TOKENS) -> str:
    """``src`` with 1-4 random edits: a cut, an inserted token, a duplicated span."""
    for _ in range(rng.randint(1, 4)):
        pos = rng.randrange(len(src) + 1)
        op = rng.random()
        if op < 0.4:
            src = src[:pos] + src[pos + rng.randint(1, 5):]
        elif op < 0.8:
            src = src[:pos] + rng.choice(tokens) + src[pos:]
        else:
            j = rng.randrange(len(src) + 1)
            src = src[:pos] + src[min(pos, j):max(pos, j)] + src[pos:]
    return src


def internal_errors(seed: int, count: int) -> list:
    rng, base, bad = random.Random(seed), seeds(), []
    for _ in range(count):
        src = mutate(rng, rng.choice(base))
        try:
            run_source(src, "<fuzz>", max_steps=20_000, max_elements=100_000)
        except GradcliError:
            pass
        except Exception as e:          # an internal error: a bug
            bad.append((src, f"{type(e).__name__}: {e}"))
    return bad


def test_mutated_scripts_give_no_internal_error():
    assert internal_errors(seed=2026, count=300) == []


if __name__ == "__main__":
    found = internal_errors(int(sys.argv[1]), int(sys.argv[2]))
    for src, err in found[:10]:
        print(f"--- {err}\n{src}\n")
    print(f"{int(sys.argv[2])} inputs, {len(found)} internal errors")
