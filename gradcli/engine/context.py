"""Run-wide settings the engine consults: limits, warnings, random numbers.

One ``CONTEXT`` per process; the interpreter sets it up for each script.
"""
from __future__ import annotations

from ..errors import GradcliError

DEFAULT_MAX_ELEMENTS = 50_000_000


class Context:
    __slots__ = ("max_elements", "warn", "rng", "seed", "call", "trace", "on_backward",
                 "check", "snapshots", "on_check")

    def __init__(self):
        self.max_elements = DEFAULT_MAX_ELEMENTS
        self.warn = None            # callable(message) set by the interpreter
        self.rng = None             # numpy Generator, created on first use
        self.seed = 0
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
        if self.rng is None:
            import numpy as np
            self.rng = np.random.default_rng(self.seed)
        return self.rng


CONTEXT = Context()
