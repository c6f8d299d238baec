"""Run-wide settings the engine consults: limits, warnings, random numbers.

One ``CONTEXT`` per process; the interpreter sets it up for each script.
"""
from __future__ import annotations

from ..errors import GradcliError

DEFAULT_MAX_ELEMENTS = 50_000_000
# NOTE: PyTorch seeds its default generator randomly at every start; a fresh
# torch.Generator() starts from this seed (its default_rng_seed_val). gradcli
# starts every script's stream from it (or --seed), so unseeded runs repeat.
DEFAULT_SEED = 67280421310721


class Context:
    __slots__ = ("max_elements", "warn", "rng", "seed", "call", "trace", "on_backward",
                 "check", "snapshots", "on_check")

    def __init__(self):
        self.max_elements = DEFAULT_MAX_ELEMENTS
        self.warn = None            # callable(message) set by the interpreter
        self.rng = None             # the script's torch generator, seeded on first use
        self.seed = DEFAULT_SEED    # where each script's stream starts (--seed)
        self.call = None            # callable(fn value, args) for hooks and lambdas
        self.trace = False          # --trace: record each backward pass step by step
        self.on_backward = None     # callable(root name, steps or None) after each backward()
        self.check = None           # fdcheck.CheckConfig while `gradcli check` runs
        self.snapshots = None       # node -> its inputs in float64, while checking
        self.on_check = None        # callable(api name, [InputCheck]) after each checked pass

    def check_size(self, numel: int, what: str = "tensor"):
        if numel > self.max_elements:
            raise GradcliError("LimitError",
                               f"a {what} of {numel:,} elements is over the limit of "
                               f"{self.max_elements:,} elements",
                               hint="raise it with --max-elements N")

    def warning(self, message: str):
        if self.warn is not None:
            self.warn(message)

    def generator(self):
        """The default generator (``torch.manual_seed`` & co.): at ``seed``
        again for each script (``rng`` is reset to None between scripts)."""
        if self.rng is None:
            from .generator import Generator
            self.rng = Generator(self.seed)
        return self.rng


CONTEXT = Context()
